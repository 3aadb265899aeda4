using System.Net.Http.Json;
using System.Text.Json;
using TelemetryGateway.Storage.Tests.Influx;
using TelemetryGateway.Storage.Tests.VictoriaMetrics;

namespace TelemetryGateway.Spine.Tests.Infrastructure;

/// <summary>A real backend server (influxd or victoria-metrics, started here) and the settings of a hub
/// storing into it, plus readers of the hub's <c>/metrics</c> and <c>/healthz</c> for its backend section.</summary>
public static class BackendHub
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static Task<ServerProcess> StartBackendAsync(string kind) =>
        kind == "influxdb" ? InfluxServer.StartAsync() : VictoriaMetricsFixture.StartAsync();

    /// <summary><c>Hub:Store</c> for <paramref name="kind"/> at <paramref name="url"/>, with short retries so a
    /// test outage is noticed within seconds.</summary>
    public static Dictionary<string, string?> StoreSettings(string kind, Uri url, string retryMaxElapsed = "00:00:02") => new()
    {
        ["Hub:Store:Kind"] = kind,
        ["Hub:Store:Url"] = url.ToString(),
        ["Hub:Store:Database"] = kind == "influxdb" ? "telemetry" : null,
        ["Hub:Store:RetryBaseDelay"] = "00:00:00.050",
        ["Hub:Store:RetryMaxDelay"] = "00:00:00.500",
        ["Hub:Store:RetryMaxElapsed"] = retryMaxElapsed,
    };

    /// <summary>The value of <paramref name="metric"/> labelled with the backend, from the hub's <c>/metrics</c>.</summary>
    public static async Task<double> MetricAsync(SpineHub hub, string kind, string metric)
    {
        var text = await Http.GetStringAsync(new Uri(hub.Host.HttpAddress, "metrics"));
        var prefix = $"{metric}{{backend=\"{kind}\"}} ";
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"/metrics has no {prefix.Trim()}:\n{text}");
        return double.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The hub's <c>/healthz</c>: HTTP status and body.</summary>
    public static async Task<(int Status, JsonElement Body)> HealthAsync(SpineHub hub)
    {
        using var response = await Http.GetAsync(new Uri(hub.Host.HttpAddress, "healthz"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return ((int)response.StatusCode, body);
    }
}
