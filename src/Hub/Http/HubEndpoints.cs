using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TelemetryGateway.Grpc.Server;
using TelemetryGateway.Hub.Alerts;
using TelemetryGateway.Hub.Auth;
using TelemetryGateway.Storage.Backends;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Hub;

/// <summary>The hub's HTTP API (design.md "Command line and HTTP surface").</summary>
internal static class HubEndpoints
{
    public static void Map(IEndpointRouteBuilder app, string hubId, IReadingStore store, HubMetrics metrics, GrpcServerMetrics grpcMetrics, GatewayRegistry gateways, AlertService alerts)
    {
        app.MapGet("/status", () => Results.Content(StatusPage.Html, "text/html; charset=utf-8"));

        app.MapGet("/healthz", async (CancellationToken ct) =>
        {
            var healthy = await store.IsHealthyAsync(ct).ConfigureAwait(false);
            BackendHealth? backend = null;
            if (store is IBackendStore server)
            {
                var (error, at) = server.Metrics.LastError;
                backend = new BackendHealth(server.Metrics.Backend, server.Metrics.Up, error, at, server.Warnings);
            }
            var status = !healthy ? "unhealthy" : backend is { Warnings.Count: > 0 } ? "warning" : "ok";
            var body = new HealthResponse(status, hubId, healthy, metrics.GatewaysConnected, backend);
            return Results.Json(body, HubJsonContext.Default.HealthResponse,
                statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

        app.MapGet("/metrics", () => Results.Text(PrometheusText.Render(metrics, grpcMetrics, gateways.Snapshot(), store as IBackendStore), PrometheusText.ContentType));

        app.MapGet("/api/readings", async (HttpRequest request, CancellationToken ct) =>
        {
            if (!ReadingsQueryParser.TryParse(request.Query, out var query, out var error))
            {
                return Results.Json(new ErrorResponse(error), HubJsonContext.Default.ErrorResponse, statusCode: StatusCodes.Status400BadRequest);
            }
            string? refused = null;
            var stored = await ScopedReadings.QueryAsync(store, query, request.HttpContext.GetCaller().Access, r => refused = r, ct).ConfigureAwait(false);
            if (stored is null)
            {
                return Results.Json(new ErrorResponse(refused!), HubJsonContext.Default.ErrorResponse, statusCode: StatusCodes.Status403Forbidden);
            }
            var readings = new ReadingJson[stored.Count];
            for (var i = 0; i < readings.Length; i++)
            {
                readings[i] = ReadingJson.From(stored[i]);
            }
            return Results.Json(new ReadingsResponse(readings), HubJsonContext.Default.ReadingsResponse);
        });

        app.MapGet("/api/gateways", (HttpContext http) =>
        {
            var access = http.GetCaller().Access;
            return Results.Json(new GatewaysResponse([.. gateways.Snapshot().Where(g => access.CanSeeGateway(g.Id))]), HubJsonContext.Default.GatewaysResponse);
        });

        AlertEndpoints.Map(app, alerts);
    }
}
