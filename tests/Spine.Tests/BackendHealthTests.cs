using TelemetryGateway.Spine.Tests.Infrastructure;
using TelemetryGateway.Storage.Tests.VictoriaMetrics;

namespace TelemetryGateway.Spine.Tests;

/// <summary>A hub on VictoriaMetrics without <c>-dedup.minScrapeInterval=1ms</c>: it refuses to start (exactly-once
/// needs it), or with <c>Hub:Store:RequireDeduplication=false</c> starts and says so on /healthz and /metrics.</summary>
public sealed class BackendHealthTests
{
    [Fact]
    public async Task VictoriaMetrics_without_deduplication_stops_the_hub_or_is_a_health_warning()
    {
        await using var backend = await VictoriaMetricsFixture.StartAsync(dedup: null);
        var settings = BackendHub.StoreSettings("victoriametrics", backend.Url);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SpineHub.StartAsync(settings, "gw-health"));
        Assert.Contains("-dedup.minScrapeInterval=1ms", refused.Message);

        settings["Hub:Store:RequireDeduplication"] = "false";
        await using var hub = await SpineHub.StartAsync(settings, "gw-health");
        var (status, health) = await BackendHub.HealthAsync(hub);
        Assert.Equal(200, status);
        Assert.Equal("warning", health.GetProperty("status").GetString());
        var warning = Assert.Single(health.GetProperty("backend").GetProperty("warnings").EnumerateArray());
        Assert.Contains("-dedup.minScrapeInterval", warning.GetString());
        Assert.True(health.GetProperty("backend").GetProperty("up").GetBoolean());
        Assert.Equal(1, await BackendHub.MetricAsync(hub, "victoriametrics", "hub_store_backend_warnings"));
    }
}
