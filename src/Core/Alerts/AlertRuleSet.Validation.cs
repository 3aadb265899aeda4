using System.Globalization;
using TelemetryGateway.Core.Alerts.Rules;

namespace TelemetryGateway.Core.Alerts;

public sealed partial class AlertRuleSet
{
    /// <summary>Why <paramref name="entry"/> cannot be applied, or null when it can.</summary>
    public static string? Validate(AlertThreshold? entry)
    {
        if (entry is null)
        {
            return "Threshold entry is null.";
        }
        var what = Describe(entry);
        if (entry.Kind is null || entry.PatientId is null)
        {
            return $"{what}: kind and patient id are required (patient id empty for the default).";
        }
        if (!Enum.IsDefined(entry.Severity))
        {
            return $"{what}: severity {(int)entry.Severity} is not advisory, warning, urgent or emergency.";
        }
        if (entry.Low is { } low && !double.IsFinite(low) || entry.High is { } high && !double.IsFinite(high))
        {
            return $"{what}: low and high must be finite numbers.";
        }
        if (entry.Low > entry.High)
        {
            return $"{what}: low is above high.";
        }
        if (entry.Duration is { } duration && duration <= TimeSpan.Zero)
        {
            return $"{what}: duration must be positive.";
        }
        if (entry.IsOff)
        {
            return IsTiered(entry.Kind) || IsSetting(entry.Kind) ? null : $"{what}: unknown kind.";
        }
        switch (entry.Kind)
        {
            case ReadingKinds.BpSystolic or ReadingKinds.BpDiastolic:
                return entry.Low is not null ? $"{what}: blood pressure lines are upper lines only (low blood pressure is scored by NEWS2)." : null;
            case AlertRuleIds.News2:
                return entry.High is null || entry.Low is not null ? $"{what}: NEWS2 takes high = the aggregate score that triggers (e.g. 5), and no low." : null;
            case AlertRuleIds.News2Spo2Scale2:
                return entry.Low is null || entry.High is null ? $"{what}: the SpO2 scale 2 setting takes the target range as low and high (88 and 92)." : null;
            case AlertRuleIds.Spo2SustainedLow:
                return entry.Low is null || entry.High is not null ? $"{what}: takes low (the SpO2 line) and optionally duration (how long it must last; default 30 s), no high." : null;
            case AlertRuleIds.Spo2Falling:
                return entry.High is not > 0 || entry.Low is not null ? $"{what}: takes high (the fall in SpO2 points, > 0) and optionally duration (the window; default 5 min), no low." : null;
            case AlertRuleIds.StaleFeed or AlertRuleIds.StaleFollowUp or AlertRuleIds.StaleFollowUpUncontrolled:
                if (entry.Low is not null || entry.High is not > 0 && entry.Duration is null)
                {
                    return $"{what}: takes the silence that makes data stale as high (seconds, > 0) or duration, no low.";
                }
                return entry.High is { } seconds && entry.Duration is { } given && Math.Abs(given.TotalSeconds - seconds) > 0.001
                    ? $"{what}: high ({seconds} s) and duration ({given.TotalSeconds} s) disagree."
                    : null;
        }
        if (!ReadingKinds.TryGet(entry.Kind, out var info) || ReadingKinds.LeadOf(entry.Kind) is not null)
        {
            return $"{what}: unknown kind (a scalar reading kind or a rule setting such as news2, spo2.sustained-low, stale.feed).";
        }
        return entry.Low is null && entry.High is null ? $"{what}: needs low, high or both (in {info.Unit})." : null;
    }

    private static string Describe(AlertThreshold entry) => string.Create(CultureInfo.InvariantCulture,
        $"Threshold {entry.Kind ?? "(null)"} for {(string.IsNullOrEmpty(entry.PatientId) ? "every patient" : "patient " + entry.PatientId)} ({entry.Severity})");

    private static bool IsSetting(string kind) => kind is AlertRuleIds.News2Spo2Scale2 or AlertRuleIds.Spo2SustainedLow
        or AlertRuleIds.Spo2Falling or AlertRuleIds.StaleFeed or AlertRuleIds.StaleFollowUp or AlertRuleIds.StaleFollowUpUncontrolled;

    private static bool IsStale(string kind) => kind is AlertRuleIds.StaleFeed or AlertRuleIds.StaleFollowUp or AlertRuleIds.StaleFollowUpUncontrolled;

    private static bool IsTiered(string kind) => !IsSetting(kind)
        && (kind == AlertRuleIds.News2 || ReadingKinds.IsKnown(kind) && ReadingKinds.LeadOf(kind) is null);

    private static RuleProfile Resolve(IReadOnlyCollection<AlertThreshold> entries)
    {
        Tier[] Tiers(string kind) => [.. entries
            .Where(e => e.Kind == kind && !e.IsOff)
            .OrderBy(e => e.Severity)
            .Select(e => new Tier(e.Severity, e.Low, e.High))];

        // Stale rules carry their silence in high (seconds) as well as in duration, so that they survive the
        // proto Threshold message, which has no duration field.
        TimedRule? Timed(string kind) => entries.LastOrDefault(e => e.Kind == kind) is { IsOff: false } e
            ? new TimedRule(e.Low, e.High, e.Duration ?? (IsStale(kind) && e.High is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultDuration(kind)), e.Severity)
            : null;

        Dictionary<string, Tier[]>? other = null;
        Dictionary<string, string>? otherIds = null;
        foreach (var kind in entries.Select(e => e.Kind).Distinct(StringComparer.Ordinal))
        {
            if (kind is ReadingKinds.BpSystolic or ReadingKinds.BpDiastolic or ReadingKinds.Glucose or AlertRuleIds.News2
                || !IsTiered(kind) || Tiers(kind) is not { Length: > 0 } tiers)
            {
                continue;
            }
            (other ??= new(StringComparer.Ordinal)).Add(kind, tiers);
            (otherIds ??= new(StringComparer.Ordinal)).Add(kind, AlertRuleIds.ThresholdPrefix + kind);
        }

        return new RuleProfile
        {
            Systolic = Tiers(ReadingKinds.BpSystolic),
            Diastolic = Tiers(ReadingKinds.BpDiastolic),
            Glucose = Tiers(ReadingKinds.Glucose),
            News2 = Tiers(AlertRuleIds.News2),
            Other = other,
            OtherRuleIds = otherIds,
            Spo2Scale2 = entries.LastOrDefault(e => e.Kind == AlertRuleIds.News2Spo2Scale2) is { IsOff: false },
            Spo2SustainedLow = Timed(AlertRuleIds.Spo2SustainedLow),
            Spo2Falling = Timed(AlertRuleIds.Spo2Falling),
            StaleFeed = Timed(AlertRuleIds.StaleFeed),
            FollowUp = Timed(AlertRuleIds.StaleFollowUp),
            FollowUpUncontrolled = Timed(AlertRuleIds.StaleFollowUpUncontrolled),
        };
    }
}
