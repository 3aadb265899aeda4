using TelemetryGateway.Core.Alerts.Engine;
using TelemetryGateway.Core.Alerts.Rules;

namespace TelemetryGateway.Core.Alerts;

public sealed partial class AlertEngine
{
    /// <summary>Hysteresis of BP lines (mmHg): an episode ends (or steps down) only below line − 5, about the
    /// ±5 mmHg mean error a validated cuff may have (ISO 81060-2).</summary>
    public const double BpMargin = 5;

    /// <summary>A systolic or diastolic this much above the worst already signalled is signalled again (Updated).</summary>
    public const double BpWorseStep = 10;

    // Systolic and diastolic of one measurement are judged together (ESH: "140 and/or 90"): the first
    // component waits for its partner from the same device with the same measured time.
    private void PairBp(DeviceState device, SubjectState subject, Reading reading, PendingBp component, bool continuous)
    {
        var at = reading.EffectiveTime;
        if (device.Pending != PendingBp.None)
        {
            if (device.Pending != component && device.PendingTime == at && ReferenceEquals(device.PendingSubject, subject))
            {
                var systolic = component == PendingBp.Systolic ? reading.Value : device.PendingValue;
                var diastolic = component == PendingBp.Diastolic ? reading.Value : device.PendingValue;
                device.Pending = PendingBp.None;
                device.PendingSubject = null;
                JudgeBp(subject, device.DeviceId, systolic, diastolic, at, lone: false, continuous);
                return;
            }
            FlushPendingBp(device);
        }
        device.Pending = component;
        device.PendingValue = reading.Value;
        device.PendingTime = at;
        device.PendingReceived = reading.ReceivedAt;
        device.PendingSubject = subject;
        device.PendingContinuous = continuous;
    }

    /// <summary>Judges a component whose partner did not come: it may raise or escalate, never lower.</summary>
    private void FlushPendingBp(DeviceState device)
    {
        var subject = device.PendingSubject!;
        Refresh(subject); // rules may have changed while the half waited
        var systolic = device.Pending == PendingBp.Systolic ? device.PendingValue : double.NaN;
        var diastolic = device.Pending == PendingBp.Diastolic ? device.PendingValue : double.NaN;
        device.Pending = PendingBp.None;
        device.PendingSubject = null;
        JudgeBp(subject, device.DeviceId, systolic, diastolic, device.PendingTime, lone: true, device.PendingContinuous);
    }

    private void JudgeBp(SubjectState subject, string deviceId, double systolic, double diastolic, DateTimeOffset at, bool lone, bool continuous)
    {
        var episode = subject.Bp;
        if (at < episode.Last)
        {
            OutOfOrderSkips++;
            return;
        }
        episode.Last = at;
        var profile = subject.Profile;
        var target = Highest(profile.Systolic, systolic, episode.Severity);
        var byDiastolic = Highest(profile.Diastolic, diastolic, episode.Severity);
        target = byDiastolic > target ? byDiastolic : target;
        if (lone && target < episode.Severity)
        {
            return;
        }
        var before = episode.Severity;
        var change = episode.Advance(at, target, continuous ? ContinuousClearHold : SpotCheckClearHold, at);
        if (change == Change.None)
        {
            if (!episode.IsOpen || !(systolic >= episode.Worst + BpWorseStep || diastolic >= episode.Worst2 + BpWorseStep))
            {
                return;
            }
            change = Change.Escalated;
            episode.Worst = MaxKnown(episode.Worst, systolic);
            episode.Worst2 = MaxKnown(episode.Worst2, diastolic);
            SignalBp(subject, deviceId, Change.None, before, systolic, diastolic, at);
            return;
        }
        if (change == Change.Raised)
        {
            episode.Worst = systolic;
            episode.Worst2 = diastolic;
        }
        else
        {
            episode.Worst = MaxKnown(episode.Worst, systolic);
            episode.Worst2 = MaxKnown(episode.Worst2, diastolic);
        }
        SignalBp(subject, deviceId, change, before, systolic, diastolic, at);
    }

    private void SignalBp(SubjectState subject, string deviceId, Change change, AlertSeverity before, double systolic, double diastolic, DateTimeOffset at)
    {
        var episode = subject.Bp;
        var shown = change == Change.Cleared ? before : episode.Severity;
        var line = $"{Num(LineOf(subject.Profile.Systolic, shown))}/{Num(LineOf(subject.Profile.Diastolic, shown))}";
        var message = change == Change.Cleared
            ? $"BP {Num(systolic)}/{Num(diastolic)} mm[Hg] below {line} less {Num(BpMargin)} again (hypertension cleared)"
            : $"BP {Num(systolic)}/{Num(diastolic)} mm[Hg] at or above {line} ({(shown >= AlertSeverity.Urgent ? "urgent" : "uncontrolled")} hypertension; {Phrase(change, shown)})";
        var bySystolic = !double.IsNaN(systolic);
        Signal(episode, change == Change.None ? Change.Escalated : change, before, subject, deviceId, at, message,
            bySystolic ? ReadingKinds.BpSystolic : ReadingKinds.BpDiastolic, bySystolic ? systolic : diastolic, Ucum.MillimetreOfMercury);
    }

    /// <summary>The highest severity whose upper line <paramref name="value"/> reaches; lines of the current
    /// severity and below are lowered by the margin (hysteresis). NaN reaches nothing.</summary>
    private static AlertSeverity Highest(Tier[] tiers, double value, AlertSeverity current)
    {
        var result = Episode.None;
        foreach (var tier in tiers)
        {
            if (tier.High is { } high && value >= high - (tier.Severity <= current ? BpMargin : 0) && tier.Severity > result)
            {
                result = tier.Severity;
            }
        }
        return result;
    }

    private static double LineOf(Tier[] tiers, AlertSeverity severity)
    {
        foreach (var tier in tiers)
        {
            if (tier.Severity == severity && tier.High is { } high)
            {
                return high;
            }
        }
        return double.NaN;
    }
}
