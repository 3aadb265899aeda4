namespace TelemetryGateway.Core.Alerts;

/// <summary>Stable rule ids (<see cref="AlertSignal.RuleId"/>) and the rule-setting kinds of
/// <see cref="AlertThreshold"/>. Stored and sent on the wire: never rename.</summary>
public static class AlertRuleIds
{
    /// <summary>BP at or above the uncontrolled (Warning) or urgent line; systolic and diastolic of one measurement together.</summary>
    public const string Hypertension = "bp.hypertension";
    /// <summary>Glucose below the low (Warning) or severe-low (Urgent) line.</summary>
    public const string GlucoseLow = "glucose.low";
    /// <summary>Glucose above the high (Warning) or very-high (Urgent) line.</summary>
    public const string GlucoseHigh = "glucose.high";
    /// <summary>NEWS2 aggregate (or a single parameter scoring 3) from a continuous feed.</summary>
    public const string News2 = "news2";
    /// <summary>SpO2 below a line for a sustained time.</summary>
    public const string Spo2SustainedLow = "spo2.sustained-low";
    /// <summary>SpO2 falling by a number of points within a window.</summary>
    public const string Spo2Falling = "spo2.falling";
    /// <summary>A continuous feed (ambulance monitor) went silent.</summary>
    public const string StaleFeed = "stale.feed";
    /// <summary>A chronic patient has had no reading for the follow-up interval.</summary>
    public const string StaleFollowUp = "stale.follow-up";

    /// <summary>Prefix of the rule id of a plain threshold on any other kind: "threshold." + kind,
    /// e.g. "threshold.heart.rate" for a doctor's heart-rate limits.</summary>
    public const string ThresholdPrefix = "threshold.";

    /// <summary>Rule setting (threshold kind only): presence with Low/High = the patient's SpO2 target range
    /// (88–92 %), which switches NEWS2 to SpO2 scale 2 for that patient.</summary>
    public const string News2Spo2Scale2 = "news2.spo2-scale2";

    /// <summary>Rule setting (threshold kind only): the follow-up interval while a BP or glucose episode is open.</summary>
    public const string StaleFollowUpUncontrolled = "stale.follow-up.uncontrolled";
}
