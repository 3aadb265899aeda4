namespace TelemetryGateway.Core.Alerts.Rules;

/// <summary>One line of a tiered kind: out of range below <see cref="Low"/> or above <see cref="High"/>.</summary>
internal readonly record struct Tier(AlertSeverity Severity, double? Low, double? High);

/// <summary>A rule with a duration: sustained-low, falling, stale data.</summary>
internal sealed record TimedRule(double? Low, double? High, TimeSpan Duration, AlertSeverity Severity);

/// <summary>The rules that apply to one patient (the defaults with that patient's overrides), resolved once
/// per rule set so that the hot path does no lookups by string beyond finding the subject.</summary>
internal sealed class RuleProfile
{
    /// <summary>Tiers sorted by ascending severity; switched-off lines are left out.</summary>
    public required Tier[] Systolic { get; init; }
    public required Tier[] Diastolic { get; init; }
    public required Tier[] Glucose { get; init; }
    public required Tier[] News2 { get; init; }

    /// <summary>Plain thresholds on other kinds (kind → tiers); null when there are none.</summary>
    public required Dictionary<string, Tier[]>? Other { get; init; }

    /// <summary>The patient's SpO2 target is 88–92 %: NEWS2 scores SpO2 on scale 2.</summary>
    public required bool Spo2Scale2 { get; init; }

    public required TimedRule? Spo2SustainedLow { get; init; }
    public required TimedRule? Spo2Falling { get; init; }
    public required TimedRule? StaleFeed { get; init; }
    public required TimedRule? FollowUp { get; init; }
    public required TimedRule? FollowUpUncontrolled { get; init; }

    /// <summary>The plain-threshold rule id of each kind in <see cref="Other"/>, built once.</summary>
    public required Dictionary<string, string>? OtherRuleIds { get; init; }
}
