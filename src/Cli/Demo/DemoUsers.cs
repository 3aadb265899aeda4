using System.Security.Cryptography;
using TelemetryGateway.Hub.Auth;

namespace TelemetryGateway.Cli.Demo;

/// <summary>
/// One demo user per role, with a fresh random password each run (printed at start), and the patient
/// directory that gives them their scopes: the home patients belong to clinic <see cref="Clinic"/> and
/// village doctor <see cref="Doctor"/>; the ambulance drives to <see cref="Hospital"/>.
/// </summary>
internal static class DemoUsers
{
    public const string Clinic = "township-clinic";
    public const string Doctor = "doctor-li";
    public const string Hospital = "county-hospital";
    public const string Ambulance = "amb-07";

    /// <summary>User name, role, scope, display name.</summary>
    private static readonly (string User, string Role, string? Scope, string DisplayName)[] Users =
    [
        ("doctor", AuthRoles.VillageDoctor, Doctor, "Dr Li (village doctor)"),
        ("clinic", AuthRoles.ClinicStaff, Clinic, "Nurse Chen (township clinic)"),
        ("emergency", AuthRoles.EmergencyPhysician, Hospital, "Dr Wang (county hospital emergency)"),
        ("admin", AuthRoles.Administrator, null, "Administrator"),
    ];

    /// <summary>Adds users and directory to <paramref name="settings"/>; returns (user, role, password) to print.</summary>
    public static IReadOnlyList<(string User, string Role, string Password)> Configure(IDictionary<string, string?> settings, string gatewayId)
    {
        foreach (var patient in DemoDevices.HomePatientIds)
        {
            settings[$"Hub:Patients:{patient}:Clinic"] = Clinic;
            settings[$"Hub:Patients:{patient}:Doctor"] = Doctor;
            settings[$"Hub:Patients:{patient}:VillageDoctor"] = "Dr Li";
        }
        settings[$"Hub:Patients:{DemoDevices.AmbulancePatient}:Hospital"] = Hospital;
        settings[$"Hub:Ambulances:{Ambulance}:Hospital"] = Hospital;
        settings[$"Hub:Ambulances:{Ambulance}:Patient"] = DemoDevices.AmbulancePatient;
        settings[$"Hub:Ambulances:{Ambulance}:Devices:0"] = DemoDevices.AmbulanceMonitor;
        // The one demo gateway carries the clinic's kits and the ambulance's monitor.
        settings[$"Hub:Gateways:{gatewayId}:Clinic"] = Clinic;
        settings[$"Hub:Gateways:{gatewayId}:Doctor"] = Doctor;
        settings[$"Hub:Gateways:{gatewayId}:Hospital"] = Hospital;

        var printed = new List<(string, string, string)>();
        foreach (var (user, role, scope, displayName) in Users)
        {
            // 12 characters from an alphabet without look-alikes (no 0/O, 1/l/I): easy to type from the console.
            var password = RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyz23456789", 12);
            settings[$"Hub:Auth:Users:{user}:PasswordHash"] = PasswordHasher.Hash(password);
            settings[$"Hub:Auth:Users:{user}:Role"] = role;
            settings[$"Hub:Auth:Users:{user}:Scope"] = scope;
            settings[$"Hub:Auth:Users:{user}:DisplayName"] = displayName;
            printed.Add((user, role, password));
        }
        return printed;
    }
}
