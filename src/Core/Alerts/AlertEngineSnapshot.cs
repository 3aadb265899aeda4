namespace TelemetryGateway.Core.Alerts;

/// <summary>What an <see cref="AlertEngine"/> must remember across a restart so that an episode already
/// signalled is continued (Updated, Cleared) instead of raised again, a late old reading still reopens
/// nothing, and the follow-up and feed clocks keep running. Plain data for JSON or any store.</summary>
/// <remarks>
/// Not kept: the seconds-long state of continuous feeds (the SpO2 run and window, NEWS2 inputs, a BP
/// component waiting for its partner); it rebuilds from the next readings. A clear waiting out its hold is
/// kept (<see cref="AlertEpisodeState.LowerSince"/>): a spot-check glucose high waits days.
/// </remarks>
public sealed record AlertEngineSnapshot
{
    /// <summary>Format version; <see cref="AlertEngine.Restore"/> refuses versions it does not know.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Every episode that has judged a reading: open ones and the latest time of closed ones.</summary>
    public IReadOnlyList<AlertEpisodeState> Episodes { get; init; } = [];

    /// <summary>Each chronic patient's latest spot-check reading.</summary>
    public IReadOnlyList<AlertFollowUpClock> FollowUps { get; init; } = [];

    /// <summary>Each continuous feed's latest reading (gateway clock).</summary>
    public IReadOnlyList<AlertFeedClock> Feeds { get; init; } = [];
}

/// <summary>One rule's episode for one subject.</summary>
/// <param name="RuleId">The rule (<see cref="AlertRuleIds"/>, or "threshold." + kind).</param>
/// <param name="PatientId">The patient; null when the subject is an unbound device.</param>
/// <param name="DeviceId">The device: the subject when <paramref name="PatientId"/> is null, and the feed of
/// a stale.feed episode; empty otherwise.</param>
/// <param name="Severity">The open episode's severity; 0 when closed.</param>
/// <param name="Start">Episode start (when open).</param>
/// <param name="Last">The latest time the rule judged.</param>
/// <param name="Worst">Worst value signalled (the systolic for BP); null when none is known.</param>
/// <param name="Worst2">The diastolic for BP; null when none is known.</param>
public sealed record AlertEpisodeState(string RuleId, string? PatientId, string DeviceId, AlertSeverity Severity,
    DateTimeOffset Start, DateTimeOffset Last, double? Worst, double? Worst2)
{
    /// <summary>Since when every reading has asked for a lower level (a clear or step down waiting out its
    /// hold); null when none is waiting. Absent in files of earlier versions: the hold then starts again.</summary>
    public DateTimeOffset? LowerSince { get; init; }

    /// <summary>The lower level the latest reading asked for, with <see cref="LowerSince"/>.</summary>
    public AlertSeverity LowerTarget { get; init; }
}

/// <summary>A chronic patient's latest spot-check reading, from which the follow-up falls due.</summary>
public sealed record AlertFollowUpClock(string PatientId, DateTimeOffset LastReading, string DeviceId);

/// <summary>A continuous feed's latest reading (gateway clock), from which it goes stale.</summary>
public sealed record AlertFeedClock(string DeviceId, string? PatientId, DateTimeOffset LastReceived);
