using TelemetryGateway.Core.Alerts.Engine;

namespace TelemetryGateway.Core.Alerts;

public sealed partial class AlertEngine
{
    /// <summary>The state to keep across a restart (see <see cref="AlertEngineSnapshot"/>). Take it after the
    /// signals of the same readings are durable, so that a restart never forgets a signal it sent.</summary>
    public AlertEngineSnapshot Snapshot()
    {
        var episodes = new List<AlertEpisodeState>();
        var followUps = new List<AlertFollowUpClock>();
        var feeds = new List<AlertFeedClock>();
        foreach (var (map, bound) in new[] { (_patients, true), (_unboundDevices, false) })
        {
            foreach (var (key, subject) in map)
            {
                var deviceId = bound ? "" : key;
                foreach (var episode in EpisodesOf(subject))
                {
                    if (episode.Last != DateTimeOffset.MinValue || episode.IsOpen)
                    {
                        episodes.Add(State(episode, subject.PatientId, deviceId));
                    }
                }
                if (subject.HasChronic && subject.PatientId is { } patient)
                {
                    followUps.Add(new AlertFollowUpClock(patient, subject.LastChronic, subject.LastChronicDevice));
                }
            }
        }
        foreach (var device in _devices.Values)
        {
            if (device.StaleFeed.IsOpen)
            {
                episodes.Add(State(device.StaleFeed, device.PatientId, device.DeviceId));
            }
            if (device.Continuous)
            {
                feeds.Add(new AlertFeedClock(device.DeviceId, device.PatientId, device.LastReceived));
            }
        }
        return new AlertEngineSnapshot { Episodes = episodes, FollowUps = followUps, Feeds = feeds };
    }

    /// <summary>Loads a snapshot into this engine (normally a new one, before the first reading). Entries of
    /// rules this version does not know are skipped and counted in the result.</summary>
    /// <exception cref="ArgumentException">The snapshot's version is not one this engine reads.</exception>
    /// <returns>How many episode entries were skipped.</returns>
    public int Restore(AlertEngineSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Version != 1)
        {
            throw new ArgumentException($"Alert engine snapshot version {snapshot.Version} is not supported (1 is).", nameof(snapshot));
        }
        var skipped = 0;
        foreach (var feed in snapshot.Feeds)
        {
            var device = DeviceOf(feed.DeviceId);
            device.Continuous = true;
            device.PatientId = feed.PatientId;
            device.LastReceived = feed.LastReceived;
        }
        foreach (var state in snapshot.Episodes)
        {
            Episode? episode;
            if (state.RuleId == AlertRuleIds.StaleFeed)
            {
                var device = DeviceOf(state.DeviceId);
                device.Continuous = true;
                device.PatientId ??= state.PatientId;
                episode = device.StaleFeed;
            }
            else
            {
                episode = EpisodeFor(RestoredSubject(state.PatientId, state.DeviceId), state.RuleId);
            }
            if (episode is null)
            {
                skipped++;
                continue;
            }
            episode.Severity = state.Severity;
            episode.Start = state.Start;
            episode.Last = state.Last;
            episode.Worst = state.Worst ?? double.NaN;
            episode.Worst2 = state.Worst2 ?? double.NaN;
            episode.LowerPending = state.LowerSince is not null && episode.IsOpen;
            episode.LowerSince = state.LowerSince ?? default;
            episode.LowerTarget = state.LowerTarget;
        }
        foreach (var clock in snapshot.FollowUps)
        {
            var subject = RestoredSubject(clock.PatientId, clock.DeviceId);
            subject.HasChronic = true;
            subject.LastChronic = clock.LastReading;
            subject.LastChronicDevice = clock.DeviceId;
        }
        return skipped;
    }

    private static AlertEpisodeState State(Episode episode, string? patientId, string deviceId) =>
        new(episode.RuleId, patientId, deviceId, episode.Severity, episode.Start, episode.Last, Known(episode.Worst), Known(episode.Worst2))
        {
            LowerSince = episode.LowerPending ? episode.LowerSince : null,
            LowerTarget = episode.LowerPending ? episode.LowerTarget : Episode.None,
        };

    // JSON has no NaN: an unknown worst value travels as null.
    private static double? Known(double value) => double.IsFinite(value) ? value : null;

    private static Episode[] EpisodesOf(SubjectState subject) =>
    [
        subject.Bp, subject.GlucoseLow, subject.GlucoseHigh, subject.News2, subject.Spo2Low, subject.Spo2Falling, subject.FollowUp,
        .. subject.Other?.Values ?? Enumerable.Empty<Episode>(),
    ];

    private SubjectState RestoredSubject(string? patientId, string deviceId)
    {
        var map = patientId is null ? _unboundDevices : _patients;
        var key = patientId ?? deviceId;
        if (!map.TryGetValue(key, out var subject))
        {
            subject = new SubjectState(patientId, _rules.ProfileFor(patientId), _rulesVersion);
            map.Add(key, subject);
        }
        return subject;
    }

    private static Episode? EpisodeFor(SubjectState subject, string ruleId)
    {
        switch (ruleId)
        {
            case AlertRuleIds.Hypertension: return subject.Bp;
            case AlertRuleIds.GlucoseLow: return subject.GlucoseLow;
            case AlertRuleIds.GlucoseHigh: return subject.GlucoseHigh;
            case AlertRuleIds.News2: return subject.News2;
            case AlertRuleIds.Spo2SustainedLow: return subject.Spo2Low;
            case AlertRuleIds.Spo2Falling: return subject.Spo2Falling;
            case AlertRuleIds.StaleFollowUp: return subject.FollowUp;
        }
        if (!ruleId.StartsWith(AlertRuleIds.ThresholdPrefix, StringComparison.Ordinal)
            || !ReadingKinds.IsKnown(ruleId[AlertRuleIds.ThresholdPrefix.Length..]))
        {
            return null;
        }
        var kind = ruleId[AlertRuleIds.ThresholdPrefix.Length..];
        subject.Other ??= new Dictionary<string, Episode>(StringComparer.Ordinal);
        if (!subject.Other.TryGetValue(kind, out var episode))
        {
            episode = new Episode(ruleId);
            subject.Other.Add(kind, episode);
        }
        return episode;
    }
}
