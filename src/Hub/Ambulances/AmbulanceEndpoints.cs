using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TelemetryGateway.Hub.Ambulances;

/// <summary><c>GET /api/ambulances</c>: a JSON array of <see cref="AmbulanceJson"/>, ordered by unit.</summary>
internal static class AmbulanceEndpoints
{
    public static void Map(IEndpointRouteBuilder app, AmbulanceRegistry ambulances) =>
        app.MapGet("/api/ambulances", () =>
            Results.Json(ambulances.Snapshot(), AmbulanceJsonContext.Default.IReadOnlyListAmbulanceJson));
}
