using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TelemetryGateway.Hub.Auth;

namespace TelemetryGateway.Hub.Ambulances;

/// <summary><c>GET /api/ambulances</c>: a JSON array of <see cref="AmbulanceJson"/>, ordered by unit, within the
/// caller's scope: an ambulance is visible through its patient, its monitor, or a configured monitor of its unit
/// (<c>Hub:Ambulances:&lt;unit&gt;:Devices</c>, how an emergency physician's hospital sees its inbound units).</summary>
internal static class AmbulanceEndpoints
{
    public static void Map(IEndpointRouteBuilder app, AmbulanceRegistry ambulances, IReadOnlyDictionary<string, AmbulanceOptions> configured) =>
        app.MapGet("/api/ambulances", (HttpContext http) =>
        {
            var access = http.GetCaller().Access;
            IReadOnlyList<AmbulanceJson> visible = [.. ambulances.Snapshot().Where(a => access.IsEverything
                || access.CanSeePatient(a.PatientId)
                || access.CanSeeDevice(a.Status?.Device)
                || (configured.TryGetValue(a.Unit, out var unit) && unit?.Devices.Any(access.CanSeeDevice) == true))];
            return Results.Json(visible, AmbulanceJsonContext.Default.IReadOnlyListAmbulanceJson);
        });
}
