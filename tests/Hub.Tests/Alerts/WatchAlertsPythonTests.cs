using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Alerts;
using TelemetryGateway.Hub.Tests.Infrastructure;
using static TelemetryGateway.Hub.Tests.Alerts.AlertFixture;

namespace TelemetryGateway.Hub.Tests.Alerts;

/// <summary>WatchAlerts consumed by an independent client: python3-grpcio (Peer/watch_alerts.py), filtering by
/// clinic, patient and minimum severity, resuming after an event id from the log and then live.</summary>
public sealed class WatchAlertsPythonTests : IAsyncLifetime
{
    private TestHub _hub = null!;

    private AlertService Alerts => _hub.Host.Alerts;

    public async Task InitializeAsync() => _hub = await AlertHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private static AlertSignal Glucose(string patient, AlertSeverity severity, double value) => new()
    {
        RuleId = AlertRuleIds.GlucoseLow,
        PatientId = patient,
        DeviceId = "meter-" + patient,
        Transition = AlertTransition.Raised,
        Severity = severity,
        EpisodeStart = Start.AddMinutes(5),
        At = Start.AddMinutes(5),
        Message = $"glucose {value} mmol/L",
        Kind = "glucose",
        Value = value,
        Unit = "mmol/L",
    };

    [Fact]
    public async Task A_grpcio_client_gets_exactly_the_changes_of_its_clinic_patient_and_severity_from_the_log_then_live()
    {
        // Before the watcher exists: the first change is its resume point, the rest it must read from the log.
        await Alerts.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Urgent, 0, 0, patient: "patient-3"), "gw-2", default);
        var resumeAfter = (await Alerts.AuditAsync(AlertFilter.All, null, 0, 100, default)).Max(c => c.EventId);
        await Alerts.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0), "gw-1", default);           // too mild
        await Alerts.ApplyAsync(Bp(AlertTransition.Updated, AlertSeverity.Urgent, 0, 10, systolic: 184), "gw-1", default); // now urgent: wanted
        await Alerts.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Urgent, 0, 0, patient: "patient-2"), "gw-1", default); // other patient

        using var watcher = await GrpcioWatcher.SubscribeAsync(_hub, 3,
            "--clinic=clinic-a", "--patient=patient-1", "--min_severity=3", $"--after={resumeAfter}");

        await Alerts.ApplyAsync(Glucose("patient-3", AlertSeverity.Urgent, 2.8), "gw-2", default).WaitAsync(TimeSpan.FromSeconds(10));   // other clinic
        await Alerts.ApplyAsync(Glucose("patient-1", AlertSeverity.Urgent, 2.7), "gw-1", default);   // wanted
        var glucose = (await Alerts.ListAsync(new AlertFilter(PatientId: "patient-1"), 10, default)).Single(a => a.RuleId == AlertRuleIds.GlucoseLow);
        await Alerts.AcknowledgeAsync(glucose.Id, "nurse Chen", "juice given", default);             // wanted

        var events = await watcher.EventsAsync();
        Assert.Equal(
            ["updated bp.hypertension ALERT_SEVERITY_URGENT gw-1", "raised glucose.low ALERT_SEVERITY_URGENT gw-1",
             "acknowledged glucose.low ALERT_SEVERITY_URGENT nurse Chen"],
            events.Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("rule").GetString()} {e.GetProperty("severity").GetString()} {e.GetProperty("actor").GetString()}"));
        Assert.All(events, e => Assert.Equal(("patient-1", "clinic-a"), (e.GetProperty("patient").GetString(), e.GetProperty("clinic").GetString())));
        Assert.Equal(2.7, events[1].GetProperty("value").GetDouble());
        var ids = events.Select(e => e.GetProperty("event_id").GetInt64()).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.True(ids[0] > resumeAfter);
    }

    /// <summary>Each filter alone, so that none is proven only by another one excluding the same change: in the
    /// log and live, a change the filter must drop comes before the last one it must pass.</summary>
    [Theory]
    [InlineData("--clinic=clinic-b", new[] { "raised patient-3 URGENT", "acknowledged patient-3 URGENT" })]
    [InlineData("--patient=patient-1", new[] { "raised patient-1 WARNING", "acknowledged patient-1 WARNING", "raised patient-1 URGENT" })]
    [InlineData("--min_severity=3", new[] { "raised patient-3 URGENT", "raised patient-2 URGENT", "raised patient-2 URGENT", "acknowledged patient-3 URGENT", "raised patient-1 URGENT" })]
    public async Task A_grpcio_client_filtering_by_one_field_gets_exactly_the_matching_changes(string filter, string[] expected)
    {
        // The resume point (after_event_id 0 would mean "live only"); the three changes after it come from the log.
        await Alerts.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Urgent, 0, 0, patient: "patient-9"), "gw-9", default);
        var resumeAfter = (await Alerts.AuditAsync(AlertFilter.All, null, 0, 100, default)).Max(c => c.EventId);
        await Alerts.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0, patient: "patient-1"), "gw-1", default); // clinic-a
        await Alerts.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Urgent, 0, 0, patient: "patient-3"), "gw-2", default);  // clinic-b
        await Alerts.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Urgent, 0, 0, patient: "patient-2"), "gw-1", default);  // clinic-a

        using var watcher = await GrpcioWatcher.SubscribeAsync(_hub, expected.Length, filter, $"--after={resumeAfter}");

        await Alerts.ApplyAsync(Glucose("patient-2", AlertSeverity.Urgent, 2.8), "gw-1", default);
        async Task AcknowledgeAsync(string patient) => await Alerts.AcknowledgeAsync(
            (await Alerts.ListAsync(new AlertFilter(PatientId: patient), 10, default)).Single(a => a.RuleId == AlertRuleIds.Hypertension).Id, "nurse Chen", null, default);
        await AcknowledgeAsync("patient-1");
        await AcknowledgeAsync("patient-3");
        await Alerts.ApplyAsync(Glucose("patient-1", AlertSeverity.Urgent, 2.7), "gw-1", default);

        var events = await watcher.EventsAsync();
        Assert.Equal(expected, events.Select(e =>
            $"{e.GetProperty("action").GetString()} {e.GetProperty("patient").GetString()} {e.GetProperty("severity").GetString()!.Replace("ALERT_SEVERITY_", "", StringComparison.Ordinal)}"));
    }
}
