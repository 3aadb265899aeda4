using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Alerts;
using static TelemetryGateway.Hub.Tests.Alerts.AlertFixture;

namespace TelemetryGateway.Hub.Tests.Alerts;

/// <summary>design.md follow-up path on a manual clock: uncontrolled reading → village doctor notified →
/// second follow-up due by a deadline → still uncontrolled or unacknowledged → clinic lead and family contact
/// notified, patient marked for referral.</summary>
public sealed class EscalationTests : IAsyncLifetime
{
    private AlertFixture _alerts = null!;

    private AlertService Service => _alerts.Service;

    public async Task InitializeAsync() => _alerts = await AlertFixture.StartAsync();

    public async Task DisposeAsync() => await _alerts.DisposeAsync();

    [Fact]
    public async Task An_uncontrolled_village_patient_escalates_along_the_whole_path()
    {
        // Day 0: the village doctor's visit finds BP 152/95: uncontrolled.
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0), "gw-village-3", default);
        var alert = Assert.Single(await Service.ListAsync(AlertFilter.All, 10, default));
        await Service.AcknowledgeAsync(alert.Id, "Dr Li (village 3)", "second visit next week", default);

        // Day 6: the second follow-up, still 150/94: the same episode (no Cleared).
        _alerts.Clock.Advance(TimeSpan.FromDays(6));
        await Service.ApplyAsync(Bp(AlertTransition.Updated, AlertSeverity.Warning, 0, 6 * 1440, systolic: 150), "gw-village-3", default);
        Assert.Equal(0, await Service.CheckEscalationsAsync(default));

        // Day 7, one second before the deadline: nothing yet; at the deadline: escalated.
        _alerts.Clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await Service.CheckEscalationsAsync(default));
        _alerts.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Service.CheckEscalationsAsync(default));
        Assert.Equal(0, await Service.CheckEscalationsAsync(default));

        var escalated = Assert.Single(await Service.ListAsync(AlertFilter.All, 10, default));
        Assert.Equal(2, escalated.EscalationLevel);
        Assert.True(escalated.Referral);
        Assert.Null(escalated.FollowUpDue);
        Assert.Equal(AlertState.Acknowledged, escalated.State);
        var audit = await _alerts.AuditAsync(alert.Id);
        Assert.Equal([AlertActions.Raised, AlertActions.Acknowledged, AlertActions.Updated, AlertActions.Escalated], audit.Select(c => c.Action));
        Assert.Equal([new AlertRecipient(AlertRoles.VillageDoctor, "Dr Li (village 3)")], audit[0].Recipients);
        var step = audit[^1];
        Assert.Equal(AlertActors.Escalation, step.Actor);
        Assert.Equal(Start + TimeSpan.FromDays(7), step.At);
        Assert.True(step.Notify);
        Assert.Equal(
            [new AlertRecipient(AlertRoles.ClinicLead, "Dr Wang"), new AlertRecipient(AlertRoles.FamilyContact, "son +86 138 0000 0001")],
            step.Recipients);
        Assert.Equal("second follow-up due 2026-11-08T08:00:00Z passed, still uncontrolled: clinic lead and family contact notified, patient marked for referral", step.Note);
        Assert.Equal(1, _alerts.Metrics.Changes(AlertActions.Escalated, AlertSeverity.Warning));
    }

    [Fact]
    public async Task Controlled_and_acknowledged_by_the_deadline_does_not_escalate()
    {
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0), "gw-1", default);
        var id = Assert.Single(await Service.ListAsync(AlertFilter.All, 10, default)).Id;
        await Service.AcknowledgeAsync(id, "Dr Li (village 3)", null, default);
        _alerts.Clock.Advance(TimeSpan.FromDays(5));
        await Service.ApplyAsync(Bp(AlertTransition.Cleared, AlertSeverity.Warning, 0, 5 * 1440, systolic: 128), "gw-1", default);
        _alerts.Clock.Advance(TimeSpan.FromDays(3));

        Assert.Equal(0, await Service.CheckEscalationsAsync(default));

        var alert = Assert.Single(await Service.ListAsync(AlertFilter.All, 10, default));
        Assert.Equal(1, alert.EscalationLevel);
        Assert.False(alert.Referral);
        Assert.Null(alert.FollowUpDue);
        Assert.Equal(AlertActions.FollowUpControlled, (await _alerts.AuditAsync())[^1].Action);
    }

    [Fact]
    public async Task Unacknowledged_by_the_deadline_escalates_even_when_the_condition_cleared()
    {
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0, patient: "patient-3"), "gw-1", default);
        await Service.ApplyAsync(Bp(AlertTransition.Cleared, AlertSeverity.Warning, 0, 60, patient: "patient-3"), "gw-1", default);
        _alerts.Clock.Advance(TimeSpan.FromDays(7));

        Assert.Equal(1, await Service.CheckEscalationsAsync(default));

        var step = (await _alerts.AuditAsync())[^1];
        Assert.Equal(AlertActions.Escalated, step.Action);
        Assert.Contains("unacknowledged", step.Note);
        // patient-3 has their own clinic lead and no family contact configured.
        Assert.Equal([new AlertRecipient(AlertRoles.ClinicLead, "Dr Sun")], step.Recipients);
    }

    [Fact]
    public async Task An_urgent_alert_escalates_after_hours_not_days()
    {
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Urgent, 0, 0, systolic: 186), "gw-1", default);
        _alerts.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, await Service.CheckEscalationsAsync(default));
        _alerts.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await Service.CheckEscalationsAsync(default));
        Assert.True(Assert.Single(await Service.ListAsync(new AlertFilter(MinSeverity: AlertSeverity.Urgent), 10, default)).Referral);
    }

    [Fact]
    public async Task A_resolved_alert_never_escalates_and_a_pending_deadline_survives_a_restart()
    {
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0), "gw-1", default);
        await Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0, patient: "patient-2"), "gw-1", default);
        var first = (await Service.ListAsync(new AlertFilter(PatientId: "patient-1"), 10, default)).Single();
        await Service.ResolveAsync(first.Id, "Dr Wang", "referred already", default);
        await _alerts.ReopenAsync();
        _alerts.Clock.Advance(TimeSpan.FromDays(8));

        Assert.Equal(1, await Service.CheckEscalationsAsync(default));
        Assert.Equal("patient-2", Assert.Single(await Service.ListAsync(new AlertFilter(OpenOnly: true), 10, default), a => a.Referral).PatientId);
    }

    [Fact]
    public async Task Deadlines_come_from_configuration()
    {
        await using var configured = await AlertFixture.StartAsync(o => o.Alerts.FollowUp.Warning = TimeSpan.FromDays(2));
        await configured.Service.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0), "gw-1", default);
        Assert.Equal(Start + TimeSpan.FromDays(2), Assert.Single(await configured.Service.ListAsync(AlertFilter.All, 10, default)).FollowUpDue);
    }
}
