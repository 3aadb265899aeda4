namespace TelemetryGateway.Core.Alerts;

public sealed partial class AlertRuleSet
{
    /// <summary>Routine follow-up interval of a chronic patient (stale.follow-up): quarterly, as the National
    /// Basic Public Health Service Standards (China, 3rd ed., 2017) ask at least four face-to-face follow-ups a
    /// year of every managed hypertension and type 2 diabetes patient.</summary>
    public static TimeSpan DefaultFollowUpInterval => TimeSpan.FromDays(90);

    /// <summary>Follow-up interval while the patient's BP or glucose is out of target: the same standards ask
    /// for a follow-up within 2 weeks after an uncontrolled reading.</summary>
    public static TimeSpan DefaultUncontrolledFollowUpInterval => TimeSpan.FromDays(14);

    /// <summary>Duration of a timed rule whose entry gives none (the proto <c>Threshold</c> has no duration
    /// field): an entry that crossed the wire keeps working instead of switching its rule off.</summary>
    private static TimeSpan DefaultDuration(string kind) => kind switch
    {
        AlertRuleIds.Spo2SustainedLow => TimeSpan.FromSeconds(30),
        AlertRuleIds.Spo2Falling => TimeSpan.FromMinutes(5),
        AlertRuleIds.StaleFeed => TimeSpan.FromSeconds(15),
        AlertRuleIds.StaleFollowUp => DefaultFollowUpInterval,
        _ => DefaultUncontrolledFollowUpInterval,
    };

    // Sources in docs/alerts.md: ESH 2023 (BP grades), ADA Standards of Care 2024 / IHSG 2017 (hypoglycaemia
    // levels 1 and 2), ADA ketone-check and NBPHS urgent-referral lines (glucose highs), RCP NEWS2 2017.
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
        new(AlertRuleIds.StaleFeed, "", null, 15, AlertSeverity.Urgent) { Duration = TimeSpan.FromSeconds(15) },
        new(AlertRuleIds.StaleFollowUp, "", null, DefaultFollowUpInterval.TotalSeconds, AlertSeverity.Advisory) { Duration = DefaultFollowUpInterval },
        new(AlertRuleIds.StaleFollowUpUncontrolled, "", null, DefaultUncontrolledFollowUpInterval.TotalSeconds, AlertSeverity.Advisory) { Duration = DefaultUncontrolledFollowUpInterval },
    ];
}
