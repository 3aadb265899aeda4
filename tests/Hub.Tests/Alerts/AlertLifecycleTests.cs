using Microsoft.Data.Sqlite;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Alerts;
using static TelemetryGateway.Hub.Tests.Alerts.AlertFixture;

namespace TelemetryGateway.Hub.Tests.Alerts;

/// <summary>Issue 8 "Hub": raised → acknowledged → resolved, one open alert per patient and rule, updated not
/// repeated, never re-notified by the same episode after acknowledgement, idempotent signals.</summary>
public sealed class AlertLifecycleTests : IAsyncLifetime
{
    private AlertFixture _alerts = null!;

    private AlertService Service => _alerts.Service;

    public async Task InitializeAsync() => _alerts = await AlertFixture.StartAsync();

    public async Task DisposeAsync() => await _alerts.DisposeAsync();

    [Fact]
    public async Task A_raised_signal_opens_an_alert_and_notifies_the_village_doctor()
    {
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0), "gw-1", default);

        var alert = Assert.Single(await Service.ListAsync(AlertFilter.All, 10, default));
        Assert.Equal(AlertState.Raised, alert.State);
        Assert.Equal("patient-1", alert.Subject);
        Assert.Equal("clinic-a", alert.Clinic);
        Assert.Equal(AlertSeverity.Warning, alert.Severity);
        Assert.Equal(152, alert.Value);
        Assert.Equal("gw-1", alert.Origin);
        Assert.Equal(1, alert.EscalationLevel);
        Assert.Equal(Start + TimeSpan.FromDays(7), alert.FollowUpDue);
        var raised = Assert.Single(await _alerts.AuditAsync());
        Assert.Equal(AlertActions.Raised, raised.Action);
        Assert.Equal("gw-1", raised.Actor);
        Assert.Equal(Start, raised.At);
        Assert.True(raised.Notify);
        Assert.Equal([new AlertRecipient(AlertRoles.VillageDoctor, "Dr Li (village 3)")], raised.Recipients);
        Assert.Equal(1, _alerts.Metrics.Changes(AlertActions.Raised, AlertSeverity.Warning));
        Assert.Equal(1, _alerts.Metrics.OpenAlerts);
    }

    [Fact]
    public async Task The_same_signal_applied_twice_changes_nothing_even_after_a_restart()
    {
        var raised = Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0);
        var updated = Bp(AlertTransition.Updated, AlertSeverity.Urgent, 0, 10, systolic: 185);
        await Service.ApplyAsync(raised, "gw-1", default);
        await Service.ApplyAsync(updated, "gw-1", default);

        await Service.ApplyAsync(raised, "gw-1", default);
        await Service.ApplyAsync(updated with { }, "gw-2", default); // the same episode synced through a second gateway
        await _alerts.ReopenAsync();
        await Service.ApplyAsync(raised, "gw-1", default);
        await Service.ApplyAsync(updated, "gw-1", default);

        var alert = Assert.Single(await Service.ListAsync(AlertFilter.All, 10, default));
        Assert.Equal(AlertSeverity.Urgent, alert.Severity);
        Assert.Equal([AlertActions.Raised, AlertActions.Updated], (await _alerts.AuditAsync()).Select(c => c.Action));
        Assert.Equal(2, _alerts.Metrics.SignalsDuplicate);
    }

    [Fact]
    public async Task Updates_of_an_episode_update_the_one_open_alert_and_notify_only_when_worse_before_acknowledgement()
    {
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0), "gw-1", default);
        await Service.ApplyAsync(Bp(AlertTransition.Updated, AlertSeverity.Warning, 0, 5, systolic: 158), "gw-1", default);
        await Service.ApplyAsync(Bp(AlertTransition.Updated, AlertSeverity.Urgent, 0, 10, systolic: 184), "gw-1", default);
        var id = Assert.Single(await Service.ListAsync(AlertFilter.All, 10, default)).Id;
        Assert.Equal(AlertActionOutcome.Done, (await Service.AcknowledgeAsync(id, "nurse Chen", "calling the patient", default)).Outcome);
        await Service.ApplyAsync(Bp(AlertTransition.Updated, AlertSeverity.Warning, 0, 20, systolic: 150), "gw-1", default);
        await Service.ApplyAsync(Bp(AlertTransition.Updated, AlertSeverity.Urgent, 0, 30, systolic: 190), "gw-1", default);

        var alert = Assert.Single(await Service.ListAsync(AlertFilter.All, 10, default));
        Assert.Equal(AlertState.Acknowledged, alert.State);
        Assert.Equal(190, alert.Value);
        Assert.Equal(AlertSeverity.Urgent, alert.Severity);
        // An urgent value shortens the follow-up deadline to the urgent one, counted from the notification.
        Assert.Equal(Start + TimeSpan.FromHours(4), alert.FollowUpDue);
        var audit = await _alerts.AuditAsync();
        Assert.Equal(
            [(AlertActions.Raised, true), (AlertActions.Updated, false), (AlertActions.Updated, true), (AlertActions.Acknowledged, false),
             (AlertActions.Updated, false), (AlertActions.Updated, false)],
            audit.Select(c => (c.Action, c.Notify)));
    }

    [Fact]
    public async Task One_open_alert_per_patient_and_rule_and_a_new_episode_after_resolution_is_a_new_alert()
    {
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0), "gw-1", default);
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0, patient: "patient-2"), "gw-1", default);
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 1, 1, rule: AlertRuleIds.GlucoseHigh), "gw-1", default);
        await Service.ApplyAsync(Bp(AlertTransition.Cleared, AlertSeverity.Warning, 0, 60), "gw-1", default);
        var first = (await Service.ListAsync(new AlertFilter(PatientId: "patient-1", OpenOnly: true), 10, default)).Single(a => a.RuleId == AlertRuleIds.Hypertension);
        // A cleared warning waits for a person (AutoResolveClearedUpTo = advisory).
        Assert.True(first.ConditionCleared);
        Assert.Equal(AlertState.Raised, first.State);
        await Service.ResolveAsync(first.Id, "Dr Wang", "controlled on medication", default);
        // A late update of the resolved episode never raises it again.
        await Service.ApplyAsync(Bp(AlertTransition.Updated, AlertSeverity.Urgent, 0, 70), "gw-2", default);
        Assert.Equal(3, (await Service.ListAsync(AlertFilter.All, 10, default)).Count);

        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 2000, 2000), "gw-1", default);

        var all = await Service.ListAsync(new AlertFilter(PatientId: "patient-1"), 10, default);
        var hypertension = all.Where(a => a.RuleId == AlertRuleIds.Hypertension).ToList();
        Assert.Equal(2, hypertension.Count);
        Assert.Equal([AlertState.Raised, AlertState.Resolved], hypertension.Select(a => a.State));
        Assert.Equal(Start.AddMinutes(2000), hypertension[0].EpisodeStart);
        Assert.Equal("Dr Wang", hypertension[1].ResolvedBy);
        Assert.Equal("controlled on medication", hypertension[1].ResolvedNote);
        Assert.Equal(3, _alerts.Metrics.OpenAlerts);
    }

    [Fact]
    public async Task A_new_episode_while_the_alert_is_still_open_needs_a_new_acknowledgement()
    {
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0), "gw-1", default);
        var id = Assert.Single(await Service.ListAsync(AlertFilter.All, 10, default)).Id;
        await Service.AcknowledgeAsync(id, "nurse Chen", null, default);
        await Service.ApplyAsync(Bp(AlertTransition.Cleared, AlertSeverity.Warning, 0, 60), "gw-1", default);
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 120, 120), "gw-1", default);

        var alert = Assert.Single(await Service.ListAsync(AlertFilter.All, 10, default));
        Assert.Equal(id, alert.Id);
        Assert.Equal(AlertState.Raised, alert.State);
        Assert.False(alert.ConditionCleared);
        Assert.Equal(Start.AddMinutes(120), alert.EpisodeStart);
        var last = (await _alerts.AuditAsync())[^1];
        Assert.Equal(AlertActions.Recurred, last.Action);
        Assert.True(last.Notify);
    }

    [Fact]
    public async Task A_later_start_from_another_gateway_while_uncontrolled_continues_the_acknowledged_alert()
    {
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0), "gw-village", default);
        var id = Assert.Single(await Service.ListAsync(AlertFilter.All, 10, default)).Id;
        await Service.AcknowledgeAsync(id, "Dr Li (village 3)", "second visit next week", default);

        // The clinic's gateway never saw the village readings: its engine raises the same condition with its own start.
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 600, 600, systolic: 150), "gw-clinic", default);

        var alert = Assert.Single(await Service.ListAsync(AlertFilter.All, 10, default));
        Assert.Equal((id, AlertState.Acknowledged, "Dr Li (village 3)"), (alert.Id, alert.State, alert.AcknowledgedBy));
        Assert.Equal((Start.AddMinutes(600), 150.0), (alert.EpisodeStart, alert.Value));
        var last = (await _alerts.AuditAsync())[^1];
        Assert.Equal((AlertActions.Updated, "gw-clinic", false), (last.Action, last.Actor, last.Notify));

        // Resolved; a late update of the village episode (its old start) raises nothing new.
        await Service.ResolveAsync(id, "Dr Wang", "referred", default);
        await Service.ApplyAsync(Bp(AlertTransition.Updated, AlertSeverity.Urgent, 0, 700, systolic: 182), "gw-village", default);
        Assert.Equal(id, Assert.Single(await Service.ListAsync(AlertFilter.All, 10, default)).Id);
        Assert.Equal(
            [AlertActions.Raised, AlertActions.Acknowledged, AlertActions.Updated, AlertActions.Resolved],
            (await _alerts.AuditAsync()).Select(c => c.Action));
        Assert.Equal(1, _alerts.Metrics.Changes(AlertActions.Raised, AlertSeverity.Warning));
    }

    [Fact]
    public async Task A_cleared_advisory_resolves_itself_and_a_cleared_urgent_waits_for_a_person()
    {
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Advisory, 0, 0, rule: AlertRuleIds.StaleFollowUp), "hub", default);
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Urgent, 0, 0), "gw-1", default);
        await Service.ApplyAsync(Bp(AlertTransition.Cleared, AlertSeverity.Advisory, 0, 30, rule: AlertRuleIds.StaleFollowUp), "hub", default);
        await Service.ApplyAsync(Bp(AlertTransition.Cleared, AlertSeverity.Urgent, 0, 30), "gw-1", default);

        var alerts = await Service.ListAsync(AlertFilter.All, 10, default);
        var stale = alerts.Single(a => a.RuleId == AlertRuleIds.StaleFollowUp);
        var urgent = alerts.Single(a => a.RuleId == AlertRuleIds.Hypertension);
        Assert.Equal(AlertState.Resolved, stale.State);
        Assert.Equal(AlertActors.Hub, stale.ResolvedBy);
        Assert.Equal(AlertState.Raised, urgent.State);
        Assert.True(urgent.ConditionCleared);
    }

    [Fact]
    public async Task Acknowledge_and_resolve_refuse_the_wrong_state_and_unknown_ids_without_an_audit_entry()
    {
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0), "gw-1", default);
        var id = Assert.Single(await Service.ListAsync(AlertFilter.All, 10, default)).Id;

        Assert.Equal(AlertActionOutcome.NotFound, (await Service.AcknowledgeAsync(id + 99, "x", null, default)).Outcome);
        Assert.Equal(AlertActionOutcome.Done, (await Service.AcknowledgeAsync(id, "nurse Chen", null, default)).Outcome);
        Assert.Equal(AlertActionOutcome.Conflict, (await Service.AcknowledgeAsync(id, "nurse Ma", null, default)).Outcome);
        Assert.Equal(AlertActionOutcome.Done, (await Service.ResolveAsync(id, "Dr Wang", "seen", default)).Outcome);
        Assert.Equal(AlertActionOutcome.Conflict, (await Service.ResolveAsync(id, "Dr Wang", "again", default)).Outcome);

        Assert.Equal([AlertActions.Raised, AlertActions.Acknowledged, AlertActions.Resolved], (await _alerts.AuditAsync()).Select(c => c.Action));
        Assert.Equal(0, _alerts.Metrics.OpenAlerts);
    }

    [Fact]
    public async Task Malformed_signals_are_refused_with_a_counter_and_change_nothing()
    {
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0) with { RuleId = "" }, "gw-1", default);
        await Service.ApplyAsync(Bp((AlertTransition)9, AlertSeverity.Warning, 0, 0), "gw-1", default);
        await Service.ApplyAsync(Bp(AlertTransition.Raised, (AlertSeverity)0, 0, 0), "gw-1", default);

        Assert.Empty(await Service.ListAsync(AlertFilter.All, 10, default));
        Assert.Equal(3, _alerts.Metrics.SignalsRefused);
    }

    [Fact]
    public async Task Every_change_is_in_the_audit_log_with_who_what_when_and_the_log_refuses_edits()
    {
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0), "gw-1", default);
        _alerts.Clock.Advance(TimeSpan.FromMinutes(5));
        var id = Assert.Single(await Service.ListAsync(AlertFilter.All, 10, default)).Id;
        await Service.AcknowledgeAsync(id, "nurse Chen", "calling", default);
        _alerts.Clock.Advance(TimeSpan.FromMinutes(5));
        await Service.ApplyAsync(Bp(AlertTransition.Cleared, AlertSeverity.Warning, 0, 9), "gw-1", default);
        _alerts.Clock.Advance(TimeSpan.FromMinutes(5));
        await Service.ResolveAsync(id, "Dr Wang", "controlled", default);

        var audit = await _alerts.AuditAsync(id);
        Assert.Equal(
            [(AlertActions.Raised, "gw-1", (string?)"village doctor notified; second follow-up due by 2026-11-08T08:00:00Z", 0),
             (AlertActions.Acknowledged, "nurse Chen", "calling", 5),
             (AlertActions.Cleared, "gw-1", "BP 152/95 mm[Hg] (Cleared)", 10),
             (AlertActions.Resolved, "Dr Wang", "controlled", 15)],
            audit.Select(c => (c.Action, c.Actor, c.Note, (int)(c.At - Start).TotalMinutes)));
        Assert.Equal([AlertState.Raised, AlertState.Acknowledged, AlertState.Acknowledged, AlertState.Resolved], audit.Select(c => c.Alert.State));
        Assert.True(audit.Zip(audit.Skip(1)).All(p => p.First.EventId < p.Second.EventId));

        using var connection = new SqliteConnection($"Data Source={Path.Combine(_alerts.Directory, "alerts.db")};Pooling=false");
        connection.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE alert_audit SET actor = 'someone else'";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => update.ExecuteNonQuery()).Message);
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM alert_audit";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => delete.ExecuteNonQuery()).Message);
    }
}
