using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Gateway.Uplink;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway;

public sealed partial class GatewayHost
{
    private static async Task<WebApplication> StartHttpAsync(
        GatewayOptions options, EdgeBufferStore buffer, GatewayMetrics metrics, IReadOnlyList<Sources.IGatewaySource> sources,
        Alerts.EdgeAlerts? alerts, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        // No appsettings reload: its watcher follows every file under the working directory, where the data
        // directory often lies, and woke on each database write (measured: 5-10 % of the process's CPU).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.UseUrls(options.HttpUrl);
        var app = builder.Build();
        app.MapGet("/healthz", async (HttpContext http) =>
        {
            var stats = await buffer.GetStatsAsync(http.RequestAborted).ConfigureAwait(false);
            http.Response.ContentType = "application/json";
            await http.Response.Body.WriteAsync(HealthJson(options, metrics, stats, time.GetUtcNow()), http.RequestAborted).ConfigureAwait(false);
        });
        app.MapGet("/metrics", async (HttpContext http) =>
        {
            var stats = await buffer.GetStatsAsync(http.RequestAborted).ConfigureAwait(false);
            http.Response.ContentType = PrometheusText.ContentType;
            await http.Response.WriteAsync(PrometheusText.Render(metrics, stats, time.GetUtcNow(), sources, alerts), http.RequestAborted).ConfigureAwait(false);
        });
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new GatewayConfigurationException($"Gateway:HttpUrl '{options.HttpUrl}': cannot listen: {ex.Message}", ex);
        }

        return app;
    }

    /// <summary>
    /// The gateway is healthy while it can buffer, whatever the link does: "ok" when connected, "buffering"
    /// otherwise; always HTTP 200. The uplink state and the backlog say how far behind the hub is.
    /// </summary>
    private static byte[] HealthJson(GatewayOptions options, GatewayMetrics metrics, EdgeBufferStats stats, DateTimeOffset now)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            var state = metrics.UplinkState;
            json.WriteStartObject();
            json.WriteString("status", state == UplinkState.Connected ? "ok" : "buffering");
            json.WriteString("gateway", options.Id);
            json.WriteString("uplink", state.ToLabel());
            json.WriteString("hub", options.HubUrl);
            json.WriteNumber("buffered", stats.Count);
            json.WriteNumber("bufferedBytes", stats.Bytes);
            json.WriteNumber("oldestAgeSeconds", Math.Round(PrometheusText.OldestAge(stats, now).TotalSeconds, 3));
            json.WriteNumber("accepted", metrics.ReadingsAccepted);
            json.WriteNumber("acked", metrics.ReadingsAcked);
            json.WriteNumber("evicted", stats.Evicted);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static Uri HttpAddressOf(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var uri = new Uri(address);
        // Kestrel reports a wildcard bind as http://[::]:port; a client needs a reachable host.
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
            ? new UriBuilder(uri) { Host = "127.0.0.1" }.Uri
            : uri;
    }
}
