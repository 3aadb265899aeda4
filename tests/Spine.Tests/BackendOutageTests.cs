using TelemetryGateway.Spine.Tests.Infrastructure;

namespace TelemetryGateway.Spine.Tests;

/// <summary>
/// The hub's time-series backend (real influxd, real victoria-metrics) killed mid-stream: the hub stops
/// acknowledging and says so on /healthz and /metrics, the gateway keeps accepting into its buffer, and once
/// the backend is back every reading is stored exactly once, counted by the backend's own query API.
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
        await using var backend = await BackendHub.StartBackendAsync(kind);
        await using var hub = await SpineHub.StartAsync(BackendHub.StoreSettings(kind, backend.Url), "gw-outage");
        await using var gateway = await SpineGateway.StartAsync("gw-outage", hub.GrpcAddress, $"gen:device={device},count={count},rate=800");

        await WaitForAsync(() => gateway.Metrics.ReadingsAcked >= 2_000, "the first acknowledgements");
        Assert.Equal(1, await BackendHub.MetricAsync(hub, kind, "hub_store_backend_up"));
        await backend.KillAsync();
        var acceptedAtKill = gateway.Metrics.ReadingsAccepted;

        // Writes already queued fail once RetryMaxElapsed is spent; from then on nothing more is acknowledged.
        await WaitForAsync(async () => await BackendHub.MetricAsync(hub, kind, "hub_store_backend_write_failures_total") >= 1, "a failed write");
        await Task.Delay(TimeSpan.FromSeconds(1)); // acks of writes that completed before the kill have arrived
        var ackedDuringOutage = gateway.Metrics.ReadingsAcked;
        var bufferedBefore = (await gateway.Buffer.GetStatsAsync()).Count;
        var (status, health) = await BackendHub.HealthAsync(hub);
        Assert.Equal(503, status);
        Assert.False(health.GetProperty("backend").GetProperty("up").GetBoolean());
        Assert.Equal(kind, health.GetProperty("backend").GetProperty("kind").GetString());
        Assert.Equal(0, await BackendHub.MetricAsync(hub, kind, "hub_store_backend_up"));
        Assert.True(await BackendHub.MetricAsync(hub, kind, "hub_store_backend_retries_total") >= 1, "failed requests were retried");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(ackedDuringOutage, gateway.Metrics.ReadingsAcked);
        var acceptedBefore = gateway.Metrics.ReadingsAccepted;
        var bufferedAfter = (await gateway.Buffer.GetStatsAsync()).Count;
        var accepted = gateway.Metrics.ReadingsAccepted;
        // The gateway kept accepting while the backend was down, and holds everything not acknowledged.
        Assert.True(accepted > acceptedAtKill, $"the gateway accepted nothing after the kill ({acceptedAtKill})");
        Assert.True(bufferedAfter >= bufferedBefore, $"the buffer shrank during the outage ({bufferedBefore} → {bufferedAfter})");
        Assert.InRange(bufferedAfter, acceptedBefore - ackedDuringOutage, accepted - ackedDuringOutage);
        Assert.True(ackedDuringOutage < count, "the outage began before everything was acknowledged");

        await backend.StartAsync();
        using var drained = new CancellationTokenSource(Settle);
        await gateway.WaitUntilDrainedAsync(drained.Token);
        Assert.Equal(0, hub.Host.Metrics.ReadingsRejectedTotal);
        await BackendRecords.AssertExactlyOnceAsync(kind, backend.Url, device, count, Settle);
        await hub.AssertExactlyOnceAsync(device, count, Settle);
        Assert.Equal(count, gateway.Metrics.ReadingsAccepted);
        Assert.Equal(1, await BackendHub.MetricAsync(hub, kind, "hub_store_backend_up"));
        Assert.Equal(200, (await BackendHub.HealthAsync(hub)).Status);
    }

    internal static Task WaitForAsync(Func<bool> condition, string what) => WaitForAsync(() => Task.FromResult(condition()), what);

    internal static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + Settle;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
