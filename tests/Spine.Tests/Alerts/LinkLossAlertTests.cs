using System.Net;
using System.Text.Json;
using TelemetryGateway.Core;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Alerts;
using TelemetryGateway.Spine.Tests.Infrastructure;

namespace TelemetryGateway.Spine.Tests.Alerts;

/// <summary>
/// stale.link end to end: an ambulance gateway streams a monitor's vitals to a real hub through a TCP proxy; the
/// proxy cuts the link (the 5G uplink drops) while the monitor keeps feeding the gateway, so the gateway cannot
/// tell anyone. The hub, on its test clock, raises the alert itself, once; when the link returns and the backlog
/// flows, the hub clears and resolves it, and every reading arrives once. Counts and order only, no latency.
/// </summary>
public sealed class LinkLossAlertTests
{
    private const string GatewayId = "amb-9-gw", Monitor = "mon9", Patient = "amb-9";

    /// <summary>The hub's clock: moves only when the test says so.</summary>
    private sealed class TestClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        // The watch measures silence on the monotonic timestamp: it moves with the test too.
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    private static Reading Vital(long record) => new()
    {
        Kind = ReadingKinds.SpO2,
        Value = 97,
        Unit = "%",
        PatientId = Patient,
        DeviceId = Monitor,
        Source = ReadingSource.Mqtt,
        MeasuredAt = DateTimeOffset.UtcNow,
        ReceivedAt = DateTimeOffset.UtcNow,
        DeviceRecordNumber = record,
    };

    [Fact]
    public async Task A_cut_uplink_raises_stale_link_at_the_hub_once_and_the_returning_backlog_resolves_it()
    {
        var clock = new TestClock(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        await using var hub = await SpineHub.StartAsync(new Dictionary<string, string?>
        {
            ["Hub:Ambulances:A9:Devices:0"] = Monitor,
            ["Hub:Ambulances:A9:Hospital"] = "county",
        }, clock, GatewayId);
        await using var proxy = new CuttableTcpProxy(new IPEndPoint(IPAddress.Loopback, hub.GrpcPort));
        var data = Directory.CreateTempSubdirectory("tg-spine-gw-").FullName;
        await using var gateway = await AlertSpine.StartGatewayAsync(GatewayId, new Uri($"http://127.0.0.1:{proxy.Port}"), data);
        using var api = hub.CreateApiClient();

        // Every change of a stale.link alert, as WatchAlerts, the browser's events and webhooks get them.
        using var stop = new CancellationTokenSource();
        var changes = new List<AlertChange>();
        var subscribed = new TaskCompletionSource();
        var watching = Task.Run(async () =>
        {
            await foreach (var change in hub.Host.Alerts.WatchAsync(AlertFilter.All, null, () => { subscribed.TrySetResult(); return Task.CompletedTask; }, stop.Token))
            {
                if (change.Alert.RuleId == HubRuleIds.StaleLink)
                {
                    lock (changes)
                    {
                        changes.Add(change);
                    }
                }
            }
        });
        await subscribed.Task.WaitAsync(AlertSpine.Hang);

        // The monitor streams live; the hub stores it and watches the feed.
        long record = 0;
        for (var i = 0; i < 20; i++)
        {
            await gateway.Sink.AcceptAsync([Vital(++record)], default);
        }
        await hub.AssertExactlyOnceAsync(Monitor, 20, AlertSpine.Hang);
        await AlertSpine.UntilAsync(() => Task.FromResult(hub.Host.Links.Watched == 1), "the hub watches the monitor's feed");

        // The uplink drops (reset, and no new connection gets through); the hub notices the stream is gone.
        proxy.CutAll(refuseFor: TimeSpan.FromHours(1));
        await AlertSpine.UntilAsync(async () => !await ConnectedAsync(api), "the hub saw the gateway's stream end");
        // The monitor keeps feeding the gateway, which buffers.
        for (var i = 0; i < 30; i++)
        {
            await gateway.Sink.AcceptAsync([Vital(++record)], default);
        }

        // 15 s of silence on the hub clock: stale.link, once (by this check or the hub's own, whichever runs first).
        clock.Advance(TimeSpan.FromSeconds(15));
        await hub.Host.Links.CheckAsync(default);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await hub.Host.Links.CheckAsync(default));
        var alerts = await LinkAlertsAsync(hub);
        var alert = Assert.Single(alerts);
        Assert.Equal((AlertSeverity.Urgent, AlertState.Raised, Patient, Monitor, "hub"), (alert.Severity, alert.State, alert.PatientId, alert.DeviceId, alert.Origin));
        Assert.StartsWith("No data at the hub from ambulance A9 (monitor mon9), patient amb-9 for ", alert.Message, StringComparison.Ordinal);

        // The link returns: the gateway reconnects, sends its backlog, the hub clears and resolves the alert.
        proxy.StopRefusing();
        await AlertSpine.UntilAsync(async () => (await LinkAlertsAsync(hub)).Single().State == AlertState.Resolved, "the hub resolved stale.link");
        await gateway.WaitUntilDrainedAsync(CancellationToken.None).WaitAsync(AlertSpine.Hang);
        await hub.AssertExactlyOnceAsync(Monitor, 50, AlertSpine.Hang);
        Assert.True(proxy.ConnectionsAccepted > 1, "the gateway never reconnected");

        alert = Assert.Single(await LinkAlertsAsync(hub));
        Assert.Equal("hub", alert.ResolvedBy);
        var audit = await hub.Host.Alerts.AuditAsync(AlertFilter.All, alert.Id, 0, 100, default);
        string[] expected = [AlertActions.Raised, AlertActions.Cleared, AlertActions.Resolved];
        Assert.Equal(expected, audit.Select(c => c.Action));
        Assert.All(audit, c => Assert.Equal("hub", c.Actor));
        await AlertSpine.UntilAsync(() => { lock (changes) { return Task.FromResult(changes.Count >= 3); } }, "the watcher got the three changes");
        lock (changes)
        {
            Assert.Equal(expected, changes.Select(c => c.Action));
            Assert.Equal(audit.Select(c => c.EventId), changes.Select(c => c.EventId));
        }
        var metrics = await api.GetStringAsync("/metrics");
        Assert.Contains("hub_alert_link_signals_total{transition=\"raised\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("hub_alert_link_signals_total{transition=\"cleared\"} 1\n", metrics, StringComparison.Ordinal);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
        Directory.Delete(data, recursive: true);
    }

    private static async Task<List<AlertRecord>> LinkAlertsAsync(SpineHub hub) =>
        [.. (await hub.Host.Alerts.ListAsync(AlertFilter.All, 100, default)).Where(a => a.RuleId == HubRuleIds.StaleLink)];

    private static async Task<bool> ConnectedAsync(HttpClient api)
    {
        using var json = JsonDocument.Parse(await api.GetStringAsync("/api/gateways"));
        return json.RootElement.GetProperty("gateways").EnumerateArray()
            .Single(g => g.GetProperty("id").GetString() == GatewayId).GetProperty("connected").GetBoolean();
    }
}
