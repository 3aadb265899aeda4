using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TelemetryGateway.Hub.Live;

namespace TelemetryGateway.Hub;

/// <summary>
/// <c>GET /api/monitors</c>: every device that streams live readings (ambulance monitors), with its newest
/// numerics and whether the gateway that carries it is connected now: what the ambulance view needs to show
/// "link lost since …". Scoped to the viewer like the patients.
/// </summary>
internal static class MonitorEndpoints
{
    public static void Map(IEndpointRouteBuilder app, HubOptions options, LiveFeed live, GatewayRegistry gateways, TimeProvider time)
    {
        app.MapGet("/api/monitors", (HttpContext http) =>
        {
            var scope = DashboardAccess.Scope(http);
            var byGateway = gateways.Snapshot().ToDictionary(g => g.Id, StringComparer.Ordinal);
            var units = options.Ambulances
                .SelectMany(a => (a.Value?.Devices ?? []).Select(d => (Device: d, Unit: a.Key, a.Value?.Hospital)))
                .GroupBy(x => x.Device, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var list = live.Monitors.Snapshot()
                .Where(m => scope.CanSeeReading(m.PatientId, m.DeviceId))
                .Select(m =>
                {
                    byGateway.TryGetValue(m.GatewayId, out var gateway);
                    units.TryGetValue(m.DeviceId, out var unit);
                    return new MonitorJson(m.DeviceId, unit.Unit, unit.Hospital, m.PatientId, m.GatewayId, gateway?.Connected ?? false,
                        gateway?.LastContact, m.LastSeen, m.Latest);
                })
                .ToList();
            return Results.Json(new MonitorsResponse(list, options.Dashboard.LinkLostSeconds, time.GetUtcNow()),
                DashboardJsonContext.Default.MonitorsResponse);
        });
    }
}
