using TelemetryGateway.Core.Alerts.Engine;

namespace TelemetryGateway.Core.Alerts;

public sealed partial class AlertEngine
{
    /// <summary>Hysteresis of the sustained-low line (SpO2 points): the episode ends at line + 2.</summary>
    public const double Spo2Margin = 2;

    /// <summary>SpO2 this many points below the worst already signalled is signalled again (Updated).</summary>
    public const double Spo2WorseStep = 3;

    /// <summary>Default gap between two SpO2 readings that breaks a sustained run (nobody knows what
    /// happened in between); the stale-feed silence when that rule is on.</summary>
    private static readonly TimeSpan DefaultRunGap = TimeSpan.FromSeconds(15);

    private void JudgeSpo2(SubjectState subject, Reading reading)
    {
        var at = reading.EffectiveTime;
        if (at < subject.Spo2Last)
        {
            OutOfOrderSkips++;
            return;
        }
        var gap = subject.Profile.StaleFeed?.Duration ?? DefaultRunGap;
        if (subject.Spo2Last != DateTimeOffset.MinValue && at - subject.Spo2Last > gap)
        {
            subject.Spo2LowRun = false;
        }
        subject.Spo2Last = at;
        SustainedLow(subject, reading);
        Falling(subject, reading);
    }

    /// <summary>spo2.sustained-low: below the line at every reading for the duration, without a gap; the
    /// episode starts when the run began.</summary>
    private void SustainedLow(SubjectState subject, Reading reading)
    {
        var rule = subject.Profile.Spo2SustainedLow;
        var episode = subject.Spo2Low;
        if (rule is null && !episode.IsOpen)
        {
            return;
        }
        var at = reading.EffectiveTime;
        var value = reading.Value;
        var line = rule?.Low ?? double.NegativeInfinity;
        if (value < line)
        {
            if (!subject.Spo2LowRun)
            {
                subject.Spo2LowRun = true;
                subject.Spo2LowSince = at;
            }
        }
        else
        {
            subject.Spo2LowRun = false;
        }
        var severity = rule?.Severity ?? Episode.None;
        var target = episode.IsOpen
            ? (value >= line + Spo2Margin ? Episode.None : severity)
            : (subject.Spo2LowRun && at - subject.Spo2LowSince >= rule!.Duration ? severity : Episode.None);
        var before = episode.Severity;
        var change = episode.Advance(at, target, ContinuousClearHold, subject.Spo2LowSince);
        if (change == Change.None && !(episode.IsOpen && value <= episode.Worst - Spo2WorseStep))
        {
            return;
        }
        episode.Worst = change == Change.Raised ? value : Math.Min(episode.Worst, value);
        var seconds = (int)(at - episode.Start).TotalSeconds;
        var message = change == Change.Cleared
            ? $"SpO2 {Num(value)} % back at or above {Num(line + Spo2Margin)} % (sustained low cleared)"
            : $"SpO2 {Num(value)} % below {Num(line)} % for {seconds} s ({Phrase(change, episode.Severity)})";
        Signal(episode, change == Change.None ? Change.Escalated : change, before, subject, reading.DeviceId, at, message,
            ReadingKinds.SpO2, value, Ucum.Percent);
    }

    /// <summary>spo2.falling: the highest SpO2 of the window minus the current one reaches the fall; the
    /// episode starts at that highest reading (when the fall began). Ends when the fall is below half the
    /// line (at most 2 points), i.e. SpO2 has steadied, after the clear hold.</summary>
    private void Falling(SubjectState subject, Reading reading)
    {
        var rule = subject.Profile.Spo2Falling;
        var episode = subject.Spo2Falling;
        var at = reading.EffectiveTime;
        var value = reading.Value;
        var window = subject.Spo2Window ??= new SlidingMax();
        window.Add(at.UtcTicks, value);
        window.Evict((at - (rule?.Duration ?? TimeSpan.FromMinutes(5))).UtcTicks);
        if (rule is null && !episode.IsOpen)
        {
            return;
        }
        var fall = window.Max - value;
        var line = rule?.High ?? double.PositiveInfinity;
        var severity = rule?.Severity ?? Episode.None;
        var target = episode.IsOpen
            ? (fall >= line - Math.Min(Spo2Margin, line / 2) ? severity : Episode.None)
            : (fall >= line ? severity : Episode.None);
        var before = episode.Severity;
        var change = episode.Advance(at, target, ContinuousClearHold, new DateTimeOffset(window.MaxTicks, TimeSpan.Zero));
        if (change == Change.None && !(episode.IsOpen && fall >= episode.Worst + Spo2Margin))
        {
            return;
        }
        episode.Worst = change == Change.Raised ? fall : Math.Max(episode.Worst, fall);
        var message = change == Change.Cleared
            ? $"SpO2 {Num(value)} % steady again (fall cleared)"
            : $"SpO2 fell {Num(fall)} points to {Num(value)} % within {(int)(rule?.Duration.TotalMinutes ?? 5)} min ({Phrase(change, episode.Severity)})";
        Signal(episode, change == Change.None ? Change.Escalated : change, before, subject, reading.DeviceId, at, message,
            ReadingKinds.SpO2, value, Ucum.Percent);
    }
}
