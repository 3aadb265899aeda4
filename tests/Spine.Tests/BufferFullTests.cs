using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using TelemetryGateway.Gateway;
using TelemetryGateway.Spine.Tests.Infrastructure;
using TelemetryGateway.Storage.EdgeBuffer;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Spine.Tests;

/// <summary>
/// The buffer filled across the whole spine: the hub is down while a meter back-fill overflows the gateway's
/// buffer and an ambulance monitor keeps streaming. Live vitals must all arrive; the bulk readings that had to
/// go are the oldest ones, each counted at the gateway and reported to the hub; nothing arrives twice.
/// </summary>
public sealed partial class BufferFullTests
{
    private const string BulkDevice = "full-meter-1";
    private const string LiveDevice = "full-monitor-1";
    private const int BulkCount = 20_000;
    private const int LiveCount = 300;

    [Fact]
    public async Task A_full_buffer_evicts_the_oldest_bulk_readings_keeps_every_live_one_and_the_hub_is_told()
    {
        await using var hub = await SpineHub.StartAsync("gw-full");
        await hub.StopAsync();

        await using var gateway = await GatewayHost.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Id"] = "gw-full",
            ["Gateway:Secret"] = SpineHub.Secret,
            ["Gateway:DataDirectory"] = Directory.CreateTempSubdirectory("tg-spine-gw-").FullName,
            ["Gateway:HubUrl"] = hub.GrpcAddress.ToString(),
            ["Gateway:HttpUrl"] = "http://127.0.0.1:0",
            ["Gateway:BufferCapacityBytes"] = "600000",
            ["Gateway:Reconnect:InitialDelay"] = "00:00:00.100",
            ["Gateway:Reconnect:MaxDelay"] = "00:00:00.500",
            ["Gateway:Sources:0"] = $"gen:device={BulkDevice},count={BulkCount},rate=0",
            ["Gateway:Sources:1"] = $"gen:device={LiveDevice},count={LiveCount},rate=200,priority=live",
        }).Build());

        using (var sources = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
        {
            await gateway.WaitForSourcesAsync(sources.Token);
        }

        var stats = await gateway.Buffer.GetStatsAsync();
        var bulk = stats.Priorities.Single(p => p.Priority == BufferPriority.Bulk);
        var live = stats.Priorities.Single(p => p.Priority == BufferPriority.Live);
        Assert.True(bulk.Evicted > 0, $"a {stats.CapacityBytes}-byte buffer held all {BulkCount} bulk readings, so nothing was tested");
        Assert.Equal(0, live.Evicted);
        Assert.Equal(0, stats.Rejected);
        Assert.Equal(BulkCount, bulk.Appended);
        Assert.Equal(LiveCount, live.Appended);

        await hub.RestartAsync();
        await hub.AssertExactlyOnceAsync(LiveDevice, LiveCount, TimeSpan.FromSeconds(120));
        var kept = BulkCount - (int)bulk.Evicted;
        await AssertNewestKeptAsync(hub, kept);

        var reported = await EvictedAsReportedAsync(hub);
        Assert.Equal(bulk.Evicted, reported);
    }

    // Eviction goes oldest first and the hub was down from the start, so the hub holds exactly the newest records.
    private static async Task AssertNewestKeptAsync(SpineHub hub, int kept)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        long stored;
        while ((stored = await hub.Host.Store.CountAsync(new ReadingQuery { DeviceId = BulkDevice })) < kept)
        {
            Assert.True(DateTime.UtcNow < until, $"the hub holds {stored} of the {kept} bulk readings the gateway kept");
            await Task.Delay(100);
        }
        var readings = await hub.Host.Store.QueryAsync(new ReadingQuery { DeviceId = BulkDevice, Limit = BulkCount, Order = QueryOrder.OldestFirst });
        var records = readings.Select(r => r.Reading.DeviceRecordNumber ?? -1).Order().ToList();
        Assert.Equal(Enumerable.Range(BulkCount - kept + 1, kept).Select(i => (long)i), records);
    }

    private static async Task<long> EvictedAsReportedAsync(SpineHub hub)
    {
        using var http = new HttpClient { BaseAddress = hub.Host.HttpAddress };
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var match = EvictedGauge().Match(metrics);
        Assert.True(match.Success, $"/metrics has no hub_gateway_evicted_readings for gw-full:\n{metrics}");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("""^hub_gateway_evicted_readings\{gateway="gw-full"\} (\d+)$""", RegexOptions.Multiline)]
    private static partial Regex EvictedGauge();
}
