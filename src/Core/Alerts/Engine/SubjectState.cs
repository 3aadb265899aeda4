using TelemetryGateway.Core.Alerts.Rules;

namespace TelemetryGateway.Core.Alerts.Engine;

/// <summary>Everything the rules remember about one subject (a patient, or a device bound to nobody).</summary>
internal sealed class SubjectState(string? patientId, RuleProfile profile, int rulesVersion)
{
    public string? PatientId { get; } = patientId;

    public RuleProfile Profile = profile;
    public int RulesVersion = rulesVersion;

    public readonly Episode Bp = new(AlertRuleIds.Hypertension);
    public readonly Episode GlucoseLow = new(AlertRuleIds.GlucoseLow);
    public readonly Episode GlucoseHigh = new(AlertRuleIds.GlucoseHigh);
    public readonly Episode News2 = new(AlertRuleIds.News2);
    public readonly Episode Spo2Low = new(AlertRuleIds.Spo2SustainedLow);
    public readonly Episode Spo2Falling = new(AlertRuleIds.Spo2Falling);
    public readonly Episode FollowUp = new(AlertRuleIds.StaleFollowUp);

    /// <summary>Plain-threshold episodes by kind; created on first use.</summary>
    public Dictionary<string, Episode>? Other;

    /// <summary>Latest NEWS2 inputs; created with the first continuous vital.</summary>
    public News2Inputs? News2Inputs;

    // spo2.sustained-low: the current run below the line.
    public bool Spo2LowRun;
    public DateTimeOffset Spo2LowSince;
    public DateTimeOffset Spo2Last = DateTimeOffset.MinValue;

    /// <summary>spo2.falling: the window's running maximum; created with the first continuous SpO2.</summary>
    public SlidingMax? Spo2Window;

    // stale.follow-up: the latest reading from a spot-check device (cuff, meter).
    public bool HasChronic;
    public DateTimeOffset LastChronic;
    public string LastChronicDevice = "";

    public string SubjectOf(string deviceId) => PatientId ?? "device:" + deviceId;
}
