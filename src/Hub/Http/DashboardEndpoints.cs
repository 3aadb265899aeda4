using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using TelemetryGateway.Hub.Ambulances;
using TelemetryGateway.Hub.Live;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Hub;

/// <summary>The web dashboard (docs/dashboard.md): its page and files, and the API it reads.</summary>
internal static class DashboardEndpoints
{
    public static void Map(IEndpointRouteBuilder app, HubOptions options, IReadingStore store, LiveFeed live, GatewayRegistry gateways, AmbulanceRegistry ambulances,
        TimeProvider time)
    {
        DashboardAssets.Map(app);
        PatientEndpoints.Map(app, options, store, live, time);
        MonitorEndpoints.Map(app, options, live, gateways, time);
        app.MapGet("/api/live", (Microsoft.AspNetCore.Http.HttpContext http) => LiveEventStream.RunAsync(http, live, gateways, ambulances, time));
    }
}
