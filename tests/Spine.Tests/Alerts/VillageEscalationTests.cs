using TelemetryGateway.Core;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Alerts;
using TelemetryGateway.Spine.Tests.Infrastructure;

namespace TelemetryGateway.Spine.Tests.Alerts;

/// <summary>Issue 8's escalation proof end to end: a village patient's uncontrolled blood pressure, judged by a
/// real gateway's rules and delivered to a real hub whose clock is a test clock, escalates along design.md's
/// follow-up path (village doctor → second follow-up due in 7 days → still uncontrolled → clinic lead and family
/// contact notified, patient marked for referral).</summary>
public sealed class VillageEscalationTests
{
    private const string GatewayId = "village-7-gw", Patient = "patient-7";

    /// <summary>The hub's clock: moves only when the test says so.</summary>
    private sealed class TestClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    private static Reading Bp(string kind, double value, DateTimeOffset at, long record) => new()
    {
        Kind = kind,
        Value = value,
        Unit = "mm[Hg]",
        PatientId = Patient,
        DeviceId = "cuff-7",
        Source = ReadingSource.Ble,
        MeasuredAt = at,
        ReceivedAt = DateTimeOffset.UtcNow,
        DeviceRecordNumber = record,
        Priority = ReadingPriority.Bulk,
    };

    [Fact]
    public async Task An_uncontrolled_village_patient_escalates_to_the_clinic_lead_and_family_on_the_hub_clock()
    {
        // Whole milliseconds: the hub stores times to the millisecond.
        var clock = new TestClock(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        await using var hub = await SpineHub.StartAsync(new Dictionary<string, string?>
        {
            [$"Hub:Patients:{Patient}:Clinic"] = "clinic-v",
            [$"Hub:Patients:{Patient}:VillageDoctor"] = "Dr Li (village 7)",
            [$"Hub:Patients:{Patient}:FamilyContact"] = "daughter +86 139 0000 0007",
            ["Hub:Clinics:clinic-v:Lead"] = "Dr Zhou",
        }, clock, GatewayId);
        var data = Directory.CreateTempSubdirectory("tg-spine-gw-").FullName;
        await using var gateway = await AlertSpine.StartGatewayAsync(GatewayId, hub.GrpcAddress, data);
        var visit = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddDays(-10).ToUnixTimeMilliseconds());

        // Day 0: the village doctor's cuff reads 152/95, uncontrolled; the gateway raises, the hub notifies the doctor.
        await gateway.Sink.AcceptAsync([Bp(ReadingKinds.BpSystolic, 152, visit, 1), Bp(ReadingKinds.BpDiastolic, 95, visit, 1)], default);
        await gateway.WaitUntilDrainedAsync(CancellationToken.None).WaitAsync(AlertSpine.Hang);
        var alert = Assert.Single(await hub.Host.Alerts.ListAsync(AlertFilter.All, 10, default));
        Assert.Equal((AlertRuleIds.Hypertension, AlertSeverity.Warning, "clinic-v"), (alert.RuleId, alert.Severity, alert.Clinic));
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromDays(7), alert.FollowUpDue);
        var raised = Assert.Single(await hub.Host.Alerts.AuditAsync(AlertFilter.All, alert.Id, 0, 100, default));
        Assert.Equal([new AlertRecipient(AlertRoles.VillageDoctor, "Dr Li (village 7)")], raised.Recipients);
        await hub.Host.Alerts.AcknowledgeAsync(alert.Id, "Dr Li (village 7)", "second visit in 6 days", default);

        // Day 6: the second follow-up, 150/94: still uncontrolled, the same episode (the gateway signals nothing new).
        clock.Advance(TimeSpan.FromDays(6));
        var second = visit.AddDays(6);
        await gateway.Sink.AcceptAsync([Bp(ReadingKinds.BpSystolic, 150, second, 2), Bp(ReadingKinds.BpDiastolic, 94, second, 2)], default);
        await gateway.WaitUntilDrainedAsync(CancellationToken.None).WaitAsync(AlertSpine.Hang);
        var metrics = await AlertSpine.MetricsAsync(gateway);
        Assert.Contains("gateway_alert_signals_total{transition=\"raised\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("gateway_alert_signals_total{transition=\"cleared\"} 0\n", metrics, StringComparison.Ordinal);
        Assert.Equal(0, await hub.Host.Alerts.CheckEscalationsAsync(default));

        // Day 7, the deadline: escalated (by this call or by the hub's own check loop, whichever runs first).
        clock.Advance(TimeSpan.FromDays(1));
        await hub.Host.Alerts.CheckEscalationsAsync(default);
        alert = Assert.Single(await hub.Host.Alerts.ListAsync(AlertFilter.All, 10, default));
        Assert.Equal((2, true, AlertState.Acknowledged), (alert.EscalationLevel, alert.Referral, alert.State));
        var audit = await hub.Host.Alerts.AuditAsync(AlertFilter.All, alert.Id, 0, 100, default);
        Assert.Equal([AlertActions.Raised, AlertActions.Acknowledged, AlertActions.Escalated], audit.Select(c => c.Action));
        var step = audit[^1];
        Assert.Equal((AlertActors.Escalation, clock.GetUtcNow(), true), (step.Actor, step.At, step.Notify));
        Assert.Equal(
            [new AlertRecipient(AlertRoles.ClinicLead, "Dr Zhou"), new AlertRecipient(AlertRoles.FamilyContact, "daughter +86 139 0000 0007")],
            step.Recipients);
        Assert.Contains("still uncontrolled", step.Note, StringComparison.Ordinal);
        Assert.Equal(4, await hub.Host.Store.CountAsync(new Storage.SeriesStore.ReadingQuery { DeviceId = "cuff-7" }));
        Directory.Delete(data, recursive: true);
    }
}
