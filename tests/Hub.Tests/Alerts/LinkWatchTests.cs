using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Core;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Alerts;
using TelemetryGateway.Hub.Ambulances;
using Proto = TelemetryGateway.Contracts.V1;
using static TelemetryGateway.Hub.Tests.Alerts.AlertFixture;

namespace TelemetryGateway.Hub.Tests.Alerts;

/// <summary>stale.link on a manual hub clock: a live feed silent at the hub for 15 s raises one urgent alert
/// naming the unit and patient; its next reading clears it and the hub resolves it; an ended run and a
/// spot-check device never raise; a gateway whose data is still stored leaves the silence to its own stale.feed for
/// at most twice the silence; a failed raise is retried; a second drop raises again.</summary>
public sealed class LinkWatchTests : IAsyncLifetime
{
    private const string Gateway = "amb-gw", Monitor = "mon-12", Patient = "patient-12";
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(15);

    private readonly AmbulanceRegistry _ambulances = new();
    private readonly GatewayRegistry _gateways = new([Gateway]);
    private AlertFixture _alerts = null!;
    private LinkWatch _watch = null!;
    private long _record;

    public async Task InitializeAsync()
    {
        _alerts = await AlertFixture.StartAsync(o => o.Ambulances["A12"] = new TelemetryGateway.Hub.Auth.AmbulanceOptions { Devices = [Monitor] });
        _watch = NewWatch();
    }

    public async Task DisposeAsync()
    {
        await _watch.DisposeAsync();
        await _alerts.DisposeAsync();
    }

    private LinkWatch NewWatch(BindingTable? bindings = null) =>
        new(_alerts.Service, _ambulances, _gateways, bindings, _alerts.Options, _alerts.Clock, _alerts.Metrics, NullLogger.Instance);

    /// <summary>One reading as ingest hands it over, received by the gateway <paramref name="age"/> ago.</summary>
    private Task Deliver(string device = Monitor, ReadingSource source = ReadingSource.Mqtt, TimeSpan age = default, string patient = Patient) =>
        _watch.ObserveAsync([new Reading
        {
            Kind = ReadingKinds.SpO2,
            Value = 96,
            Unit = "%",
            PatientId = patient,
            DeviceId = device,
            Source = source,
            ReceivedAt = _alerts.Clock.GetUtcNow() - age,
            DeviceRecordNumber = ++_record,
        }], Gateway, default).AsTask();

    private Task<List<AlertRecord>> LinkAlertsAsync() =>
        _alerts.Service.ListAsync(AlertFilter.All, 100, default).ContinueWith(t => t.Result.Where(a => a.RuleId == HubRuleIds.StaleLink).ToList(), TaskScheduler.Default);

    [Fact]
    public async Task A_feed_silent_for_15_s_raises_one_alert_and_its_next_reading_resolves_it()
    {
        _gateways.Get(Gateway).Contact(_alerts.Clock.GetUtcNow());
        await Deliver();
        var lastData = _alerts.Clock.GetUtcNow();

        // One second short of the silence: nothing. At 15 s: raised once, however often the watch checks.
        _alerts.Clock.Advance(Silence - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _watch.CheckAsync(default));
        _alerts.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _watch.CheckAsync(default));
        _alerts.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await _watch.CheckAsync(default));

        var alert = Assert.Single(await LinkAlertsAsync());
        Assert.Equal((AlertSeverity.Urgent, AlertState.Raised, Patient, Monitor, AlertActors.Hub), (alert.Severity, alert.State, alert.PatientId, alert.DeviceId, alert.Origin));
        Assert.Equal(lastData, alert.EpisodeStart);
        Assert.Equal("No data at the hub from ambulance A12 (monitor mon-12), patient patient-12 for 15 s: link lost since 08:00:00Z", alert.Message);

        // The link is back: the backlog's first reading (received by the gateway long ago) clears it, and the hub resolves it.
        _alerts.Clock.Advance(TimeSpan.FromSeconds(5));
        await Deliver(age: TimeSpan.FromSeconds(50));
        alert = Assert.Single(await LinkAlertsAsync());
        Assert.Equal((AlertState.Resolved, AlertActors.Hub), (alert.State, alert.ResolvedBy));
        var audit = await _alerts.AuditAsync(alert.Id);
        Assert.Equal([AlertActions.Raised, AlertActions.Cleared, AlertActions.Resolved], audit.Select(c => c.Action));
        Assert.All(audit, c => Assert.Equal(AlertActors.Hub, c.Actor));
        Assert.True(audit[0].Notify);
        Assert.Equal("Data from mon-12 at the hub again after 50 s (link back)", audit[1].Note);
        Assert.Equal((1, 1), (_alerts.Metrics.LinkSignals(AlertTransition.Raised), _alerts.Metrics.LinkSignals(AlertTransition.Cleared)));
        Assert.Equal(1, _alerts.Metrics.Changes(AlertActions.Raised, AlertSeverity.Urgent));
        Assert.Equal(0, _alerts.Metrics.OpenAlerts);

        // Live again, then silent again: a new episode, a new alert.
        _alerts.Clock.Advance(TimeSpan.FromMinutes(1));
        await Deliver();
        _alerts.Clock.Advance(Silence);
        Assert.Equal(1, await _watch.CheckAsync(default));
        Assert.Equal(2, (await LinkAlertsAsync()).Count);
    }

    [Fact]
    public async Task Silence_is_measured_on_the_monotonic_clock_not_the_wall_clock()
    {
        await Deliver();
        // NTP steps the hub's wall clock an hour ahead: no time has passed, nothing is silent.
        _alerts.Clock.Step(TimeSpan.FromHours(1));
        Assert.Equal(0, await _watch.CheckAsync(default));

        // Stepped back two hours, then 15 s pass: the feed is silent for 15 s, whatever the wall clock says.
        _alerts.Clock.Step(TimeSpan.FromHours(-2));
        _alerts.Clock.Advance(Silence);
        Assert.Equal(1, await _watch.CheckAsync(default));
        var alert = Assert.Single(await LinkAlertsAsync());
        Assert.Equal(Start, alert.EpisodeStart);
        Assert.EndsWith("for 15 s: link lost since 08:00:00Z", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_feed_beyond_the_watch_capacity_is_counted_as_refused()
    {
        var now = _alerts.Clock.GetUtcNow();
        var readings = Enumerable.Range(0, 10_001).Select(i => new Reading
        {
            Kind = ReadingKinds.SpO2,
            Value = 96,
            Unit = "%",
            DeviceId = $"mon-{i}",
            Source = ReadingSource.Mqtt,
            ReceivedAt = now,
            DeviceRecordNumber = 1,
        }).ToList();

        await _watch.ObserveAsync(readings, Gateway, default);

        Assert.Equal((10_000, 1L), (_watch.Watched, _alerts.Metrics.LinkFeedsRefused));
    }

    [Fact]
    public async Task An_acknowledged_silence_is_not_raised_again_and_resolves_when_data_returns()
    {
        await Deliver();
        _alerts.Clock.Advance(Silence);
        Assert.Equal(1, await _watch.CheckAsync(default));
        var id = Assert.Single(await LinkAlertsAsync()).Id;
        await _alerts.Service.AcknowledgeAsync(id, "Dr Chen (ED)", "calling the crew", default);
        _alerts.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await _watch.CheckAsync(default));

        await Deliver();

        Assert.Equal([AlertActions.Raised, AlertActions.Acknowledged, AlertActions.Cleared, AlertActions.Resolved], (await _alerts.AuditAsync(id)).Select(c => c.Action));
    }

    [Fact]
    public async Task An_ambulance_that_has_arrived_raises_nothing()
    {
        await Deliver();
        var at = _alerts.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        // The unit's latest fix: at its destination, no time left, standing.
        _ambulances.Apply(new Proto.AmbulanceUpdate
        {
            Unit = "A12",
            DeviceId = Monitor,
            PatientId = Patient,
            ReceivedUnixMs = at,
            Position = new Proto.AmbulancePosition { Latitude = 31.2, Longitude = 121.5, SpeedMps = 0, TimeUnixMs = at, EtaUnixMs = at, Destination = "County Hospital" },
        }, Gateway);

        _alerts.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, await _watch.CheckAsync(default));
        Assert.Empty(await LinkAlertsAsync());
        Assert.Equal(1, _alerts.Metrics.LinkRunEnded);
    }

    [Fact]
    public async Task A_monitor_whose_patient_was_handed_over_raises_nothing()
    {
        await _watch.DisposeAsync();
        var handover = Start.AddSeconds(10);
        _watch = NewWatch(new BindingTable([new DeviceBindingOptions { DeviceId = Monitor, PatientId = Patient, Until = handover }]));
        await Deliver();

        _alerts.Clock.Advance(Silence);

        Assert.Equal(0, await _watch.CheckAsync(default));
        Assert.Empty(await LinkAlertsAsync());
    }

    [Fact]
    public async Task A_spot_check_home_device_never_raises()
    {
        await Deliver(device: "home-cuff-1", source: ReadingSource.Ble);
        await Deliver(device: "home-meter-1", source: ReadingSource.Serial);

        _alerts.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, await _watch.CheckAsync(default));
        Assert.Empty(await LinkAlertsAsync());
        Assert.Equal(0, _watch.Watched);
    }

    [Fact]
    public async Task A_gateway_whose_data_is_still_stored_leaves_the_silence_to_its_stale_feed()
    {
        await Deliver();
        // The hub stored another of the gateway's batches 10 s later: the link is up, only the monitor is quiet.
        _alerts.Clock.Advance(TimeSpan.FromSeconds(10));
        _gateways.Get(Gateway).Acked(1, _alerts.Clock.GetUtcNow());
        _alerts.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await _watch.CheckAsync(default));

        // Then nothing of the gateway is stored any more: the link is lost.
        _alerts.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await _watch.CheckAsync(default));
        Assert.Equal(Start, Assert.Single(await LinkAlertsAsync()).EpisodeStart);
    }

    [Fact]
    public async Task A_gateway_only_heard_connecting_and_reporting_status_does_not_hold_the_alert_back()
    {
        await Deliver();
        // The gateway reconnects and reports status all along, but its batches never reach the store (the store
        // write fails, or a batch aborts the stream): heard, not delivering.
        for (var second = 1; second < 15; second++)
        {
            _alerts.Clock.Advance(TimeSpan.FromSeconds(1));
            _gateways.Get(Gateway).Contact(_alerts.Clock.GetUtcNow());
        }
        Assert.Equal(0, await _watch.CheckAsync(default));

        _alerts.Clock.Advance(TimeSpan.FromSeconds(1));
        _gateways.Get(Gateway).Contact(_alerts.Clock.GetUtcNow());

        Assert.Equal(1, await _watch.CheckAsync(default));
        Assert.Equal(Start, Assert.Single(await LinkAlertsAsync()).EpisodeStart);
    }

    [Fact]
    public async Task A_gateway_storing_other_data_holds_the_alert_back_at_most_twice_the_silence()
    {
        await Deliver();
        // The gateway's other data keeps being stored every 5 s, but nothing of this monitor arrives.
        for (var second = 5; second < 30; second += 5)
        {
            _alerts.Clock.Advance(TimeSpan.FromSeconds(5));
            _gateways.Get(Gateway).Acked(second, _alerts.Clock.GetUtcNow());
            Assert.Equal(0, await _watch.CheckAsync(default));
        }

        _alerts.Clock.Advance(TimeSpan.FromSeconds(5));
        _gateways.Get(Gateway).Acked(30, _alerts.Clock.GetUtcNow());

        Assert.Equal(1, await _watch.CheckAsync(default));
        var alert = Assert.Single(await LinkAlertsAsync());
        Assert.Equal((Start, AlertState.Raised), (alert.EpisodeStart, alert.State));
    }

    [Fact]
    public async Task A_raise_the_store_fails_is_retried_at_the_next_check_for_every_feed()
    {
        await Deliver();
        await Deliver(device: "mon-13", patient: "patient-13");
        _alerts.Clock.Advance(Silence);
        // The alert database refuses every stale.link alert (a real SQLite failure inside the store's transaction).
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_alerts.Directory, "alerts.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TRIGGER refuse_link BEFORE INSERT ON alerts WHEN NEW.rule_id = 'stale.link' BEGIN SELECT RAISE(ABORT, 'disk full'); END";
            await create.ExecuteNonQueryAsync();
        }

        Assert.Equal(0, await _watch.CheckAsync(default));
        Assert.Empty(await LinkAlertsAsync());
        Assert.Equal((2, 0), (_alerts.Metrics.LinkSignalsFailed, _alerts.Metrics.LinkSignals(AlertTransition.Raised)));
        Assert.Equal(2, _watch.Watched);

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_alerts.Directory, "alerts.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TRIGGER refuse_link";
            await drop.ExecuteNonQueryAsync();
        }
        _alerts.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, await _watch.CheckAsync(default));
        var alerts = await LinkAlertsAsync();
        Assert.Equal(["mon-12", "mon-13"], alerts.Select(a => a.DeviceId).Order(StringComparer.Ordinal));
        Assert.All(alerts, a => Assert.Equal((Start, AlertState.Raised), (a.EpisodeStart, a.State)));
        Assert.Equal(0, await _watch.CheckAsync(default));
    }

    [Fact]
    public async Task A_second_drop_after_a_reconnect_that_only_drained_the_backlog_raises_again()
    {
        await Deliver();
        _alerts.Clock.Advance(Silence);
        Assert.Equal(1, await _watch.CheckAsync(default));

        // The link comes back briefly: only old readings drain, then it drops again.
        _alerts.Clock.Advance(TimeSpan.FromSeconds(5));
        await Deliver(age: TimeSpan.FromSeconds(20));
        var back = _alerts.Clock.GetUtcNow();
        var first = Assert.Single(await LinkAlertsAsync());
        Assert.Equal(AlertState.Resolved, first.State);

        _alerts.Clock.Advance(Silence - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _watch.CheckAsync(default));
        _alerts.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _watch.CheckAsync(default));

        var second = Assert.Single(await LinkAlertsAsync(), a => a.Id != first.Id);
        Assert.Equal((back, AlertState.Raised, Patient), (second.EpisodeStart, second.State, second.PatientId));
        Assert.Equal([AlertActions.Raised], (await _alerts.AuditAsync(second.Id)).Select(c => c.Action));
        Assert.Equal([AlertActions.Raised, AlertActions.Cleared, AlertActions.Resolved], (await _alerts.AuditAsync(first.Id)).Select(c => c.Action));

        // Its data returns: the second alert resolves like the first.
        await Deliver();
        Assert.Equal(AlertState.Resolved, Assert.Single(await LinkAlertsAsync(), a => a.Id == second.Id).State);
    }

    [Fact]
    public async Task The_alert_of_a_monitor_bound_to_another_patient_meanwhile_resolves_for_the_first_patient()
    {
        await Deliver();
        _alerts.Clock.Advance(Silence);
        Assert.Equal(1, await _watch.CheckAsync(default));

        // The monitor's data returns, now for the next patient it was put on.
        _alerts.Clock.Advance(TimeSpan.FromSeconds(30));
        await Deliver(patient: "patient-13");

        var alert = Assert.Single(await LinkAlertsAsync());
        Assert.Equal((Patient, AlertState.Resolved, AlertActors.Hub), (alert.PatientId, alert.State, alert.ResolvedBy));
        Assert.Equal(0, _alerts.Metrics.OpenAlerts);
    }

    [Fact]
    public async Task After_a_restart_an_open_alert_is_taken_back_and_silent_units_do_not_alarm()
    {
        await Deliver();
        await Deliver(device: "mon-13", patient: "patient-13");
        _alerts.Clock.Advance(Silence);
        Assert.Equal(2, await _watch.CheckAsync(default));
        var first = (await LinkAlertsAsync()).Single(a => a.DeviceId == Monitor);
        await _alerts.Service.ResolveAsync((await LinkAlertsAsync()).Single(a => a.DeviceId == "mon-13").Id, "Dr Chen (ED)", "crew called", default);

        await _watch.DisposeAsync();
        await _alerts.ReopenAsync();
        _watch = NewWatch();
        await _watch.RestoreAsync(default);
        Assert.Equal(1, _watch.Watched);
        _alerts.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, await _watch.CheckAsync(default));

        await Deliver();

        var audit = await _alerts.AuditAsync(first.Id);
        Assert.Equal([AlertActions.Raised, AlertActions.Cleared, AlertActions.Resolved], audit.Select(c => c.Action));
    }
}
