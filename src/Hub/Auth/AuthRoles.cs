namespace TelemetryGateway.Hub.Auth;

/// <summary>The four roles of the dashboard and the API (issue 9). Each role but the administrator carries
/// a scope that names whose data it sees (docs/auth.md).</summary>
public static class AuthRoles
{
    /// <summary>Scope: a doctor id; sees the patients whose <c>Hub:Patients:&lt;id&gt;:Doctor</c> is that id.</summary>
    public const string VillageDoctor = "village-doctor";

    /// <summary>Scope: a clinic id; sees the patients whose <c>Hub:Patients:&lt;id&gt;:Clinic</c> is that clinic.</summary>
    public const string ClinicStaff = "clinic-staff";

    /// <summary>Scope: a hospital id; sees the ambulances inbound to it (<c>Hub:Ambulances</c>) and the patients
    /// whose <c>Hub:Patients:&lt;id&gt;:Hospital</c> is that hospital.</summary>
    public const string EmergencyPhysician = "emergency-physician";

    /// <summary>No scope: sees everything, manages users and global rules.</summary>
    public const string Administrator = "administrator";

    public static IReadOnlyList<string> All { get; } = [VillageDoctor, ClinicStaff, EmergencyPhysician, Administrator];

    public static bool IsKnown(string? role) => role is VillageDoctor or ClinicStaff or EmergencyPhysician or Administrator;

    /// <summary>Every role but the administrator needs a scope.</summary>
    public static bool NeedsScope(string role) => role != Administrator;
}
