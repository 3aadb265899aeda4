namespace TelemetryGateway.Core.Alerts;

public sealed partial class AlertRuleSet
{
    /// <summary>Routine follow-up interval of a chronic patient (stale.follow-up).</summary>
    public static readonly TimeSpan DefaultFollowUpInterval = TimeSpan.FromDays(7);

    /// <summary>Follow-up interval while the patient's BP or glucose is out of target.</summary>
    public static readonly TimeSpan DefaultUncontrolledFollowUpInterval = TimeSpan.FromDays(7);

    // Sources in docs/alerts.md: ESH 2023 / NICE NG136 (BP), ADA Standards of Care 2024 and IHSG/IDF
    // hypoglycaemia levels (glucose), RCP NEWS2 2017 (aggregate triggers).
    private static AlertThreshold[] DefaultEntries() =>
    [
        new(ReadingKinds.BpSystolic, "", null, 140, AlertSeverity.Warning),
        new(ReadingKinds.BpDiastolic, "", null, 90, AlertSeverity.Warning),
        new(ReadingKinds.BpSystolic, "", null, 180, AlertSeverity.Urgent),
        new(ReadingKinds.BpDiastolic, "", null, 110, AlertSeverity.Urgent),
        new(ReadingKinds.Glucose, "", 3.9, 13.9, AlertSeverity.Warning),
        new(ReadingKinds.Glucose, "", 3.0, 16.7, AlertSeverity.Urgent),
        new(AlertRuleIds.News2, "", null, 5, AlertSeverity.Urgent),
        new(AlertRuleIds.News2, "", null, 7, AlertSeverity.Emergency),
        new(AlertRuleIds.Spo2SustainedLow, "", 90, null, AlertSeverity.Urgent) { Duration = TimeSpan.FromSeconds(30) },
        new(AlertRuleIds.Spo2Falling, "", null, 4, AlertSeverity.Urgent) { Duration = TimeSpan.FromMinutes(5) },
        new(AlertRuleIds.StaleFeed, "", null, null, AlertSeverity.Urgent) { Duration = TimeSpan.FromSeconds(15) },
        new(AlertRuleIds.StaleFollowUp, "", null, null, AlertSeverity.Advisory) { Duration = DefaultFollowUpInterval },
        new(AlertRuleIds.StaleFollowUpUncontrolled, "", null, null, AlertSeverity.Advisory) { Duration = DefaultUncontrolledFollowUpInterval },
    ];
}
