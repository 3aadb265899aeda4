using System.Text.Json;
using TelemetryGateway.Gateway.Tests.Infrastructure;
using TelemetryGateway.Gateway.Uplink;

namespace TelemetryGateway.Gateway.Tests;

/// <summary>Dropped streams, a hub that is down, a hub that refuses the gateway.</summary>
public sealed class UplinkFaultTests : IDisposable
{
    private readonly GatewayFixture _fixture = new();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _fixture.Dispose();
    }

    [Fact]
    public async Task After_dropped_streams_everything_unacknowledged_is_resent_and_nothing_is_lost()
    {
        await using var hub = await TestHub.StartAsync();
        hub.DropAfterBatches = 3;
        hub.DropTimes = 2;
        await using var gateway = await _fixture.StartAsync(_fixture.Options(hub.Address, "gen:device=meter-1,count=20000,rate=0"));

        await gateway.WaitUntilDrainedAsync(CancellationToken.None).WaitAsync(GatewayFixture.Timeout);

        Assert.Equal(20000, hub.Stored.Count);
        Assert.True(hub.Duplicates > 0, "the batches stored but not acknowledged before each drop were sent again");
        Assert.Equal(3, hub.Sessions);
        Assert.True(gateway.Metrics.Reconnects >= 2);
        Assert.True(gateway.Metrics.ReadingsSent > 20000);
        Assert.Equal(20000, gateway.Metrics.ReadingsAcked);
    }

    [Fact]
    public async Task A_hub_restart_loses_nothing_accepted_before_during_or_after_it()
    {
        var hub = await TestHub.StartAsync();
        var port = hub.Port;
        hub.StoreCostPerReading = TimeSpan.FromMilliseconds(1); // 5 s for the first 5,000: the restart lands mid-stream even on a loaded machine
        var firstAck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var gateway = await _fixture.StartAsync(
            _fixture.Options(hub.Address), new GatewayTestHooks { OnAcknowledged = _ => firstAck.TrySetResult() });
        await gateway.Sink.AcceptAsync([.. Enumerable.Range(1, 5000).Select(i => GatewayFixture.HeartRate("m", i))], CancellationToken.None);
        await firstAck.Task.WaitAsync(GatewayFixture.Timeout);

        await hub.DisposeAsync();
        var stored = hub.Stored.Keys.ToHashSet();
        Assert.InRange(stored.Count, 1, 4999);
        await gateway.Sink.AcceptAsync([.. Enumerable.Range(5001, 1000).Select(i => GatewayFixture.HeartRate("m", i))], CancellationToken.None);
        await Eventually.TrueAsync(() => gateway.UplinkState != UplinkState.Connected, "the gateway notices the hub is gone");

        await using var restarted = await TestHub.StartAsync(port);
        await gateway.WaitUntilDrainedAsync(CancellationToken.None).WaitAsync(GatewayFixture.Timeout);

        stored.UnionWith(restarted.Stored.Keys);
        Assert.Equal(6000, stored.Count);
        Assert.Equal(UplinkState.Connected, gateway.UplinkState);
    }

    [Fact]
    public async Task While_the_hub_is_down_the_gateway_buffers_and_backs_off_then_recovers()
    {
        var port = TestHub.FreePort();
        var options = _fixture.Options(new Uri($"http://127.0.0.1:{port}"), "gen:device=meter-3,count=3000,rate=0");
        await using var gateway = await _fixture.StartAsync(options);
        await gateway.WaitForSourcesAsync(CancellationToken.None).WaitAsync(GatewayFixture.Timeout);

        await Eventually.TrueAsync(() => gateway.Metrics.Reconnects >= 3, "several attempts were made");
        var health = await HealthAsync(gateway);
        Assert.Equal("buffering", health.GetProperty("status").GetString());
        Assert.Contains(health.GetProperty("uplink").GetString(), new[] { "backing-off", "connecting" });
        Assert.Equal(3000, health.GetProperty("buffered").GetInt64());

        await using var hub = await TestHub.StartAsync(port);
        await gateway.WaitUntilDrainedAsync(CancellationToken.None).WaitAsync(GatewayFixture.Timeout);

        Assert.Equal(3000, hub.Stored.Count);
        Assert.Equal("ok", (await HealthAsync(gateway)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_refused_gateway_keeps_buffering_reports_unauthenticated_and_recovers_once_admitted()
    {
        await using var hub = await TestHub.StartAsync();
        hub.ExpectedSecret = "rotated";
        await using var gateway = await _fixture.StartAsync(_fixture.Options(hub.Address, "gen:device=meter-4,count=500,rate=0"));

        await Eventually.TrueAsync(() => gateway.UplinkState == UplinkState.Unauthenticated, "the uplink reports the refusal");
        await gateway.WaitForSourcesAsync(CancellationToken.None).WaitAsync(GatewayFixture.Timeout);
        Assert.Equal("unauthenticated", (await HealthAsync(gateway)).GetProperty("uplink").GetString());
        Assert.True(gateway.Metrics.AuthenticationFailures >= 1);
        Assert.Equal(500, (await gateway.Buffer.GetStatsAsync()).Count);
        Assert.Empty(hub.Stored);
        var metrics = await _http.GetStringAsync(new Uri(gateway.HttpAddress, "/metrics"));
        Assert.Contains("gateway_uplink_state{state=\"unauthenticated\"} 1", metrics);

        hub.ExpectedSecret = GatewayFixture.Secret;
        await gateway.WaitUntilDrainedAsync(CancellationToken.None).WaitAsync(GatewayFixture.Timeout);
        Assert.Equal(500, hub.Stored.Count);
    }

    private async Task<JsonElement> HealthAsync(GatewayHost gateway)
    {
        var text = await _http.GetStringAsync(new Uri(gateway.HttpAddress, "/healthz"));
        return JsonDocument.Parse(text).RootElement;
    }
}
