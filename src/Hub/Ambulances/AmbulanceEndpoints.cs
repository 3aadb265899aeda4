using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TelemetryGateway.Hub.Auth;

namespace TelemetryGateway.Hub.Ambulances;

/// <summary><c>GET /api/ambulances</c>: a JSON array of <see cref="AmbulanceJson"/>, ordered by unit, cut to the
/// caller's scope like every /api/ answer (docs/auth.md).</summary>
internal static class AmbulanceEndpoints
{
    public static void Map(IEndpointRouteBuilder app, AmbulanceRegistry ambulances) =>
        app.MapGet("/api/ambulances", (HttpContext http) =>
            Results.Json(ambulances.Snapshot(http.GetCaller().Access), AmbulanceJsonContext.Default.IReadOnlyListAmbulanceJson));
}
