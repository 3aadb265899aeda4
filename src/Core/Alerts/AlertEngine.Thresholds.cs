using TelemetryGateway.Core.Alerts.Engine;
using TelemetryGateway.Core.Alerts.Rules;

namespace TelemetryGateway.Core.Alerts;

public sealed partial class AlertEngine
{
    /// <summary>Hysteresis of the glucose low lines (mmol/L): a low ends at line + 0.3 (≈ 5 mg/dL).</summary>
    public const double GlucoseLowMargin = 0.3;

    /// <summary>Hysteresis of the glucose high lines (mmol/L): a high ends at line − 1.0 (≈ 18 mg/dL), about a
    /// meter's allowed error at those levels (ISO 15197:2013: ±15 % above 5.55 mmol/L).</summary>
    public const double GlucoseHighMargin = 1.0;

    /// <summary>A low this much lower, or a high <see cref="GlucoseHighWorseStep"/> higher, than the worst
    /// already signalled is signalled again (Updated).</summary>
    public const double GlucoseLowWorseStep = 0.5;

    public const double GlucoseHighWorseStep = 2.0;

    /// <summary>How long a glucose high or a hypertension judged from spot checks (home meters' and cuffs' stored
    /// records, a follow-up visit) must stay past its margin, at every reading, before it steps down or clears.
    /// Spot readings come hours or days apart, and one in-range reading after a high is inside the day's swing
    /// (fasting/after meals, morning/evening BP) and the device's error: a patient near the line would otherwise
    /// raise and clear at every other reading, and one lucky reading would end an episode the follow-up path is
    /// still escalating. A week of readings in target, the span of a home-monitoring schedule (ESH 2023 home BP:
    /// the mean of 7 days).</summary>
    public static readonly TimeSpan SpotCheckClearHold = TimeSpan.FromDays(7);

    private void JudgeGlucose(SubjectState subject, Reading reading, bool continuous)
    {
        var at = reading.EffectiveTime;
        var value = reading.Value;
        var hold = continuous ? ContinuousClearHold : TimeSpan.Zero;
        var tiers = subject.Profile.Glucose;

        var low = subject.GlucoseLow;
        var belowLow = false;
        if (at < low.Last)
        {
            OutOfOrderSkips++;
        }
        else
        {
            low.Last = at;
            var target = Episode.None;
            foreach (var tier in tiers)
            {
                if (tier.Low is { } line && value < line + (tier.Severity <= low.Severity ? GlucoseLowMargin : 0) && tier.Severity > target)
                {
                    target = tier.Severity;
                }
            }
            belowLow = target != Episode.None;
            Level(subject, low, reading, target, hold, worse: low.IsOpen && value <= low.Worst - GlucoseLowWorseStep, lowSide: true);
        }

        var high = subject.GlucoseHigh;
        if (at < high.Last)
        {
            OutOfOrderSkips++;
        }
        else
        {
            high.Last = at;
            var target = Episode.None;
            foreach (var tier in tiers)
            {
                if (tier.High is { } line && value > line - (tier.Severity <= high.Severity ? GlucoseHighMargin : 0) && tier.Severity > target)
                {
                    target = tier.Severity;
                }
            }
            // A low proves the high over at once: carers must see the low, not a high waiting out its hold.
            var highHold = continuous ? hold : belowLow ? TimeSpan.Zero : SpotCheckClearHold;
            Level(subject, high, reading, target, highHold, worse: high.IsOpen && value >= high.Worst + GlucoseHighWorseStep, lowSide: false);
        }
    }

    /// <summary>A doctor's plain limits on any other kind ("threshold." + kind): out of range below low or
    /// above high; hysteresis <see cref="MarginOf"/>; Updated only on a change of severity.</summary>
    private void JudgeOther(SubjectState subject, Reading reading, bool continuous)
    {
        if (subject.Profile.Other is not { } other || !other.TryGetValue(reading.Kind, out var tiers))
        {
            return;
        }
        subject.Other ??= new Dictionary<string, Episode>(StringComparer.Ordinal);
        if (!subject.Other.TryGetValue(reading.Kind, out var episode))
        {
            episode = new Episode(subject.Profile.OtherRuleIds![reading.Kind]);
            subject.Other.Add(reading.Kind, episode);
        }
        var at = reading.EffectiveTime;
        if (at < episode.Last)
        {
            OutOfOrderSkips++;
            return;
        }
        episode.Last = at;
        var value = reading.Value;
        var margin = MarginOf(reading.Kind);
        var target = Episode.None;
        foreach (var tier in tiers)
        {
            var m = tier.Severity <= episode.Severity ? margin : 0;
            if ((tier.Low is { } low && value < low + m || tier.High is { } high && value > high - m) && tier.Severity > target)
            {
                target = tier.Severity;
            }
        }
        Level(subject, episode, reading, target, continuous ? ContinuousClearHold : TimeSpan.Zero, worse: false, lowSide: value < (tiers[0].Low ?? double.NegativeInfinity));
    }

    /// <summary>Hysteresis of plain thresholds, about each measurement's resolution or repeatability.</summary>
    public static double MarginOf(string kind) => kind switch
    {
        ReadingKinds.SpO2 => 2,
        ReadingKinds.HeartRate or ReadingKinds.PulseRate or ReadingKinds.BpMean => 5,
        ReadingKinds.RespRate => 2,
        ReadingKinds.EtCO2 => 3,
        ReadingKinds.BodyTemperature => 0.3,
        ReadingKinds.BodyWeight => 1,
        ReadingKinds.Glucose => GlucoseLowMargin,
        _ => 0,
    };

    /// <summary>Advances a single-value episode and signals what changed.</summary>
    private void Level(SubjectState subject, Episode episode, Reading reading, AlertSeverity target, TimeSpan hold, bool worse, bool lowSide)
    {
        var before = episode.Severity;
        var at = reading.EffectiveTime;
        var change = episode.Advance(at, target, hold, at);
        if (change == Change.None && !worse)
        {
            return;
        }
        episode.Worst = change == Change.Raised ? reading.Value
            : lowSide ? MinKnown(episode.Worst, reading.Value) : MaxKnown(episode.Worst, reading.Value);
        var shown = change == Change.Cleared ? before : episode.Severity;
        var line = LineText(subject.Profile, reading.Kind, shown, lowSide);
        var message = change == Change.Cleared
            ? $"{reading.Kind} {Num(reading.Value)} {reading.Unit} back inside {line} (cleared)"
            : $"{reading.Kind} {Num(reading.Value)} {reading.Unit} {(lowSide ? "below" : "above")} {line} ({Phrase(change, shown)})";
        Signal(episode, change == Change.None ? Change.Escalated : change, before, subject, reading.DeviceId, at, message,
            reading.Kind, reading.Value, reading.Unit);
    }

    private static string LineText(RuleProfile profile, string kind, AlertSeverity severity, bool lowSide)
    {
        var tiers = kind == ReadingKinds.Glucose ? profile.Glucose
            : profile.Other is { } other && other.TryGetValue(kind, out var t) ? t : [];
        foreach (var tier in tiers)
        {
            if (tier.Severity == severity)
            {
                return lowSide ? (tier.Low is { } low ? Num(low) : "?") : (tier.High is { } high ? Num(high) : "?");
            }
        }
        return "the line";
    }
}
