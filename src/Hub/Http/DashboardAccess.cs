using Microsoft.AspNetCore.Http;
using TelemetryGateway.Hub.Alerts;

namespace TelemetryGateway.Hub;

/// <summary>Who is looking: a signed-in user's role and scope (a clinic id, a village doctor's id).</summary>
public sealed record DashboardViewer(string User, string Role, string? Scope);

/// <summary>
/// Which patients a viewer may see. Administrators see everyone; clinic staff and emergency physicians the
/// patients of their clinic (an ambulance's patient belongs to the clinic it is bound for); a village doctor
/// the patients whose <c>VillageDoctor</c> they are. With no viewer (sign-in not configured) everything is open.
/// </summary>
internal static class DashboardAccess
{
    public const string Administrator = "administrator";
    public const string ClinicStaff = "clinic-staff";
    public const string EmergencyPhysician = "emergency-physician";
    public const string VillageDoctor = "village-doctor";

    /// <summary>HttpContext.Items key under which sign-in leaves the viewer.</summary>
    public const string ItemKey = "tg.dashboard.viewer";

    public static DashboardViewer? Viewer(HttpContext http) => http.Items[ItemKey] as DashboardViewer;

    public static bool CanSee(DashboardViewer? viewer, string? patientId, IReadOnlyDictionary<string, PatientOptions> patients)
    {
        if (viewer is null || viewer.Role == Administrator)
        {
            return true;
        }
        if (patientId is null || !patients.TryGetValue(patientId, out var patient))
        {
            // A patient nobody configured belongs to no clinic: only administrators see it.
            return false;
        }
        return viewer.Role switch
        {
            ClinicStaff or EmergencyPhysician => viewer.Scope is not null && string.Equals(patient.Clinic, viewer.Scope, StringComparison.Ordinal),
            VillageDoctor => viewer.Scope is not null && string.Equals(patient.VillageDoctor, viewer.Scope, StringComparison.Ordinal),
            _ => false,
        };
    }

    public static IResult Forbidden(string patientId) =>
        Results.Json(new ErrorResponse($"Patient {patientId} is not in your scope."), HubJsonContext.Default.ErrorResponse,
            statusCode: StatusCodes.Status403Forbidden);
}
