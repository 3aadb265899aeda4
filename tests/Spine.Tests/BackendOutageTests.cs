using TelemetryGateway.Gateway;
using TelemetryGateway.Spine.Tests.Infrastructure;
using TelemetryGateway.Storage.Tests.Influx;
using TelemetryGateway.Storage.Tests.VictoriaMetrics;

namespace TelemetryGateway.Spine.Tests;

/// <summary>
/// The hub's time-series backend (real influxd, real victoria-metrics) killed mid-stream: the hub stops
/// acknowledging, the gateway keeps accepting into its buffer, and once the backend is back every reading
/// is stored exactly once.
/// </summary>
public sealed class BackendOutageTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData("influxdb")]
    [InlineData("victoriametrics")]
    public async Task Backend_killed_mid_stream_stops_acks_and_loses_nothing_once_it_returns(string kind)
    {
        var device = $"outage-{kind}";
        // Below 1,000 readings/s of one series: VictoriaMetrics keeps one sample per series and millisecond.
        const int count = 12_000;
        await using var backend = kind == "influxdb" ? await InfluxServer.StartAsync() : await VictoriaMetricsFixture.StartAsync();
        var store = new Dictionary<string, string?>
        {
            ["Hub:Store:Kind"] = kind,
            ["Hub:Store:Url"] = backend.Url.ToString(),
            ["Hub:Store:Database"] = "telemetry",
            ["Hub:Store:RetryBaseDelay"] = "00:00:00.050",
            ["Hub:Store:RetryMaxDelay"] = "00:00:00.500",
            ["Hub:Store:RetryMaxElapsed"] = "00:00:02",
        };
        await using var hub = await SpineHub.StartAsync(store, "gw-outage");
        await using var gateway = await SpineGateway.StartAsync("gw-outage", hub.GrpcAddress, $"gen:device={device},count={count},rate=800");

        await WaitForAsync(() => gateway.Metrics.ReadingsAcked >= 2_000, "the first acknowledgements");
        await backend.KillAsync();

        // Writes already queued fail after RetryMaxElapsed; from then on nothing more is acknowledged.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var ackedDuringOutage = gateway.Metrics.ReadingsAcked;
        var bufferedBefore = (await gateway.Buffer.GetStatsAsync()).Count;
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(ackedDuringOutage, gateway.Metrics.ReadingsAcked);
        var bufferedAfter = (await gateway.Buffer.GetStatsAsync()).Count;
        Assert.True(bufferedAfter > bufferedBefore, $"the gateway kept buffering while the backend was down ({bufferedBefore} → {bufferedAfter})");
        Assert.True(ackedDuringOutage < count, "the outage began before everything was acknowledged");

        await backend.StartAsync();
        using var drained = new CancellationTokenSource(Settle);
        await gateway.WaitUntilDrainedAsync(drained.Token);
        await hub.AssertExactlyOnceAsync(device, count, Settle);
        Assert.Equal(count, gateway.Metrics.ReadingsAccepted);
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Settle;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
