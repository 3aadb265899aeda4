using TelemetryGateway.Contracts;
using TelemetryGateway.Core;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Gateway.Tests.Infrastructure;
using TelemetryGateway.Storage.EdgeBuffer;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Gateway.Tests.Alerts;

/// <summary>The gateway's own alert rules: judged on accept, committed with the readings in the alert band,
/// sent first, kept across a restart, ruled by the hub's thresholds, and ticked by the gateway clock.</summary>
public sealed class EdgeAlertTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    private readonly GatewayFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    /// <summary>A cuff's measurement as a BLE source hands it in: systolic and diastolic, same measured time.</summary>
    private static Reading[] Bp(double systolic, double diastolic, DateTimeOffset at, string patient = "p1", long record = 1) =>
    [
        Spot(ReadingKinds.BpSystolic, systolic, at, patient, record),
        Spot(ReadingKinds.BpDiastolic, diastolic, at, patient, record),
    ];

    private static Reading Spot(string kind, double value, DateTimeOffset at, string patient, long record) => new()
    {
        Kind = kind,
        Value = value,
        Unit = ReadingKinds.Get(kind).Unit,
        PatientId = patient,
        DeviceId = "cuff-" + patient,
        Source = ReadingSource.Ble,
        MeasuredAt = at,
        ReceivedAt = at,
        DeviceRecordNumber = record,
        Priority = ReadingPriority.Bulk,
    };

    /// <summary>The alert signals in the buffer, in sequence order.</summary>
    private static async Task<List<(BufferPriority Priority, AlertSignal Signal)>> BufferedAlertsAsync(GatewayHost gateway)
    {
        var items = await gateway.Buffer.ReadBatchAsync(0, null, int.MaxValue, long.MaxValue);
        return [.. items.Where(i => i.DedupKey.StartsWith(AlertSignalMapper.KeyPrefix, StringComparison.Ordinal))
            .Select(i => (i.Priority, AlertSignalMapper.FromProto(Proto.AlertSignal.Parser.ParseFrom(i.Payload), out _)!))];
    }

    private static string Line(AlertSignal s) => $"{s.RuleId} {s.Transition} {s.Severity} {s.Subject}";

    [Fact]
    public async Task An_alert_raised_while_the_hub_is_down_is_buffered_with_its_readings_and_sent_ahead_of_them()
    {
        var port = TestHub.FreePort();
        await using var gateway = await _fixture.StartAsync(_fixture.Options(new Uri($"http://127.0.0.1:{port}")));
        var now = DateTimeOffset.UtcNow;

        var sequences = await gateway.Sink.AcceptAsync([.. Bp(186, 112, now.AddMinutes(-2)), .. Bp(128, 82, now.AddMinutes(-1), patient: "p2")], CancellationToken.None);

        Assert.All(sequences, s => Assert.True(s > 0));
        var alerts = await BufferedAlertsAsync(gateway);
        var (priority, signal) = Assert.Single(alerts);
        Assert.Equal(BufferPriority.Alert, priority);
        Assert.Equal("bp.hypertension Raised Urgent p1", Line(signal));
        Assert.Equal(186, signal.Value);
        Assert.Equal(5, (await gateway.Buffer.GetStatsAsync()).Count);

        await using var hub = await TestHub.StartAsync(port);
        await gateway.WaitUntilDrainedAsync(CancellationToken.None).WaitAsync(GatewayFixture.Timeout);
        var received = Assert.Single(hub.Alerts);
        Assert.Equal((Proto.AlertTransition.Raised, Proto.AlertSeverity.Urgent, "p1"), (received.Transition, received.Severity, received.PatientId));
        Assert.Equal(4, hub.Stored.Count);
        // The alert went in the first batch, before the readings that raised it (back-fill, bulk band).
        Assert.Equal([Proto.Priority.Alert], hub.Batches[0].Priorities);
        Assert.Contains("gateway_alert_signals_total{transition=\"raised\"} 1\n", await MetricsAsync(gateway), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_glucose_high_waiting_out_its_week_long_clear_hold_keeps_waiting_across_a_restart()
    {
        var options = _fixture.Options(new Uri($"http://127.0.0.1:{TestHub.FreePort()}"));
        var now = DateTimeOffset.UtcNow;
        Reading Glucose(double mmolPerL, double daysAgo, long record) =>
            Spot(ReadingKinds.Glucose, mmolPerL, now.AddDays(-daysAgo), "p1", record) with { DeviceId = "meter-p1" };
        await using (var first = await _fixture.StartAsync(options))
        {
            // A home meter's stored records: a high, then back in target (the clear waits 7 days of readings).
            await first.Sink.AcceptAsync([Glucose(15.0, 10, 1), Glucose(12.0, 9, 2)], CancellationToken.None);
        }

        await using var second = await _fixture.StartAsync(options);
        await second.Sink.AcceptAsync([Glucose(12.1, 5, 3)], CancellationToken.None);
        await second.Sink.AcceptAsync([Glucose(11.8, 2, 4)], CancellationToken.None);

        var alerts = (await BufferedAlertsAsync(second)).Select(a => a.Signal).ToList();
        Assert.Equal(["glucose.high Raised Warning p1", "glucose.high Cleared Warning p1"], alerts.Select(Line));
        // Cleared by the reading 7 days after the first one in target, which came before the restart.
        Assert.Equal(now.AddDays(-2).ToUnixTimeMilliseconds(), alerts[1].At.ToUnixTimeMilliseconds());
        Assert.Single(alerts.Select(a => a.EpisodeStart).Distinct());
    }

    [Fact]
    public async Task A_restarted_gateway_continues_an_episode_instead_of_raising_it_again()
    {
        var options = _fixture.Options(new Uri($"http://127.0.0.1:{TestHub.FreePort()}"));
        var now = DateTimeOffset.UtcNow;
        await using (var first = await _fixture.StartAsync(options))
        {
            await first.Sink.AcceptAsync(Bp(152, 94, now.AddDays(-9)), CancellationToken.None);
        }

        Assert.True(File.Exists(Path.Combine(_fixture.DataDirectory, "alert-state.json")));
        await using var second = await _fixture.StartAsync(options);
        await second.Sink.AcceptAsync(Bp(154, 95, now.AddDays(-8.9), record: 2), CancellationToken.None);
        await second.Sink.AcceptAsync(Bp(184, 111, now.AddDays(-8.8), record: 3), CancellationToken.None);
        // Home readings back in target: the episode ends after a week of them (AlertEngine.SpotCheckClearHold).
        await second.Sink.AcceptAsync(Bp(126, 79, now.AddDays(-7.5), record: 4), CancellationToken.None);
        await second.Sink.AcceptAsync(Bp(124, 78, now.AddMinutes(-1), record: 5), CancellationToken.None);

        var alerts = (await BufferedAlertsAsync(second)).Select(a => a.Signal).ToList();
        Assert.Equal(
            ["bp.hypertension Raised Warning p1", "bp.hypertension Updated Urgent p1", "bp.hypertension Cleared Urgent p1"],
            alerts.Select(Line));
        Assert.Single(alerts.Select(a => a.EpisodeStart).Distinct());
    }

    [Fact]
    public async Task The_hubs_thresholds_rule_the_gateway_and_are_kept_for_a_start_without_a_link()
    {
        await using var hub = await TestHub.StartAsync();
        var configuration = new Proto.Configuration { Version = 7 };
        configuration.Thresholds.Add(ThresholdMapper.ToProto(new AlertThreshold(ReadingKinds.BpSystolic, "p1", null, 130, AlertSeverity.Warning)));
        configuration.Thresholds.Add(ThresholdMapper.ToProto(new AlertThreshold(ReadingKinds.BpDiastolic, "p1", null, 80, AlertSeverity.Warning)));
        hub.ConfigurationAfterWelcome = configuration;
        var options = _fixture.Options(hub.Address);
        await using (var gateway = await _fixture.StartAsync(options))
        {
            await Eventually.TrueAsync(
                () => MetricsAsync(gateway).GetAwaiter().GetResult().Contains("gateway_alert_rules_version 7\n", StringComparison.Ordinal),
                "the gateway applied configuration 7");
        }

        // Restarted with the hub unreachable: the kept configuration still rules.
        options.HubUrl = $"http://127.0.0.1:{TestHub.FreePort()}";
        await using var offline = await _fixture.StartAsync(options);
        var now = DateTimeOffset.UtcNow;
        await offline.Sink.AcceptAsync([.. Bp(134, 82, now.AddMinutes(-2)), .. Bp(134, 82, now.AddMinutes(-2), patient: "p2")], CancellationToken.None);

        var (_, signal) = Assert.Single(await BufferedAlertsAsync(offline));
        Assert.Equal("bp.hypertension Raised Warning p1", Line(signal));
        Assert.Contains("gateway_alert_rules_version 7\n", await MetricsAsync(offline), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_alert_clock_raises_a_silent_monitor_feed_on_the_gateway_clock()
    {
        var clock = new ManualTimeProvider(T0);
        var options = _fixture.Options(new Uri($"http://127.0.0.1:{TestHub.FreePort()}"));
        await using var gateway = await _fixture.StartAsync(options, new GatewayTestHooks { Time = clock });
        var vital = new Reading
        {
            Kind = ReadingKinds.HeartRate,
            Value = 84,
            Unit = "/min",
            PatientId = "amb-1",
            DeviceId = "mon1",
            Source = ReadingSource.Mqtt,
            MeasuredAt = T0,
            ReceivedAt = T0,
            Priority = ReadingPriority.Live,
        };
        await gateway.Sink.AcceptAsync([vital], CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(14));
        Assert.Empty(await BufferedAlertsAsync(gateway));
        clock.Advance(TimeSpan.FromSeconds(2));
        List<(BufferPriority, AlertSignal Signal)> alerts = [];
        await Eventually.TrueAsync(() => (alerts = BufferedAlertsAsync(gateway).GetAwaiter().GetResult()).Count > 0, "the tick raised stale.feed");
        Assert.Equal("stale.feed Raised Urgent amb-1", Line(Assert.Single(alerts).Signal));
        Assert.Equal(T0, alerts[0].Signal.EpisodeStart);

        // The monitor comes back: the next reading ends the episode.
        clock.Advance(TimeSpan.FromSeconds(1));
        await gateway.Sink.AcceptAsync([vital with { MeasuredAt = clock.GetUtcNow(), ReceivedAt = clock.GetUtcNow() }], CancellationToken.None);
        Assert.Equal(["stale.feed Raised Urgent amb-1", "stale.feed Cleared Urgent amb-1"], (await BufferedAlertsAsync(gateway)).Select(a => Line(a.Signal)));
    }

    private static async Task<string> MetricsAsync(GatewayHost gateway)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(gateway.HttpAddress, "/metrics"));
    }
}
