using TelemetryGateway.Core.Alerts.Engine;

namespace TelemetryGateway.Core.Alerts;

public sealed partial class AlertEngine
{
    /// <summary>stale.feed: a continuous feed silent for the rule's duration, judged on the gateway clock
    /// (<see cref="Reading.ReceivedAt"/> against <see cref="Tick"/>'s argument). The episode starts at the
    /// last reading received.</summary>
    private void CheckFeed(DeviceState device, DateTimeOffset now)
    {
        var rule = _rules.ProfileFor(device.PatientId).StaleFeed;
        if (rule is null || now - device.LastReceived < rule.Duration)
        {
            return;
        }
        var episode = device.StaleFeed;
        episode.Advance(now, rule.Severity, TimeSpan.Zero, device.LastReceived);
        Emit(new AlertSignal
        {
            RuleId = episode.RuleId,
            PatientId = device.PatientId,
            DeviceId = device.DeviceId,
            Transition = AlertTransition.Raised,
            Severity = rule.Severity,
            EpisodeStart = episode.Start,
            At = now,
            Message = $"No data from {device.DeviceId} for {(int)(now - device.LastReceived).TotalSeconds} s (feed silent)",
        });
    }

    /// <summary>Any reading from a silent device, patient data or not, ends the silence.</summary>
    private void FeedResumed(DeviceState device, Reading reading)
    {
        var episode = device.StaleFeed;
        var before = episode.Severity;
        episode.Advance(reading.ReceivedAt, Episode.None, TimeSpan.Zero, episode.Start);
        Emit(new AlertSignal
        {
            RuleId = episode.RuleId,
            PatientId = device.PatientId,
            DeviceId = device.DeviceId,
            Transition = AlertTransition.Cleared,
            Severity = before,
            EpisodeStart = episode.Start,
            At = reading.ReceivedAt,
            Message = $"Data from {device.DeviceId} again after {(int)(reading.ReceivedAt - episode.Start).TotalSeconds} s (feed resumed)",
        });
    }

    /// <summary>stale.follow-up: a patient of spot-check devices with no reading for the follow-up interval
    /// (the shorter interval while their BP or glucose is out of target). The episode starts when the
    /// follow-up became due.</summary>
    private void CheckFollowUp(SubjectState subject, DateTimeOffset now)
    {
        Refresh(subject);
        var profile = subject.Profile;
        var rule = profile.FollowUp;
        if (rule is null)
        {
            return;
        }
        // A high whose readings are back in target and only waits out its clear hold is controlled again.
        var uncontrolled = (subject.Bp.IsOpen && !subject.Bp.ClearPending) || subject.GlucoseLow.IsOpen || (subject.GlucoseHigh.IsOpen && !subject.GlucoseHigh.ClearPending);
        var interval = uncontrolled && profile.FollowUpUncontrolled is { } shorter && shorter.Duration < rule.Duration
            ? shorter.Duration
            : rule.Duration;
        var due = subject.LastChronic + interval;
        if (now < due)
        {
            return;
        }
        var episode = subject.FollowUp;
        episode.Advance(now, rule.Severity, TimeSpan.Zero, due);
        Signal(episode, Change.Raised, Episode.None, subject, subject.LastChronicDevice, now,
            $"No reading from patient {subject.PatientId} for {(int)(now - subject.LastChronic).TotalDays} days (follow-up due every {(int)interval.TotalDays} days{(uncontrolled ? " while out of target" : "")})");
    }

    /// <summary>Brings a subject's resolved rules up to date with <see cref="UpdateRules"/>.</summary>
    private void Refresh(SubjectState subject)
    {
        if (subject.RulesVersion != _rulesVersion)
        {
            subject.Profile = _rules.ProfileFor(subject.PatientId);
            subject.RulesVersion = _rulesVersion;
        }
    }

    /// <summary>A spot-check reading of a patient: the follow-up clock restarts, a missed follow-up ends.</summary>
    private void FollowUpSeen(SubjectState subject, string deviceId, DateTimeOffset at)
    {
        if (subject.HasChronic && at <= subject.LastChronic)
        {
            return;
        }
        subject.HasChronic = true;
        subject.LastChronic = at;
        subject.LastChronicDevice = deviceId;
        var episode = subject.FollowUp;
        if (episode.IsOpen)
        {
            var before = episode.Severity;
            episode.Advance(at, Episode.None, TimeSpan.Zero, episode.Start);
            Signal(episode, Change.Cleared, before, subject, deviceId, at, $"Reading from patient {subject.PatientId} again (follow-up done)");
        }
    }
}
