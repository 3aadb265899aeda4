namespace TelemetryGateway.Core.Alerts;

/// <summary>
/// What the rules say about one patient's episode of one rule: raised, updated or cleared. Rules emit
/// signals; the gateway buffers and sends them ahead of readings; the hub turns them into alerts with a
/// lifecycle (one open alert per patient and rule; a signal of an episode already acknowledged updates it
/// and never re-notifies).
/// </summary>
/// <remarks>
/// <see cref="EpisodeStart"/> identifies the episode: the same rule evaluated at the edge and again after
/// a replay yields the same (subject, rule, episode start), so duplicates are recognised.
/// </remarks>
public sealed record AlertSignal
{
    /// <summary>Stable rule id, e.g. "bp.hypertension", "glucose.low", "news2", "spo2.sustained-low",
    /// "spo2.falling", "stale.feed", "stale.follow-up".</summary>
    public required string RuleId { get; init; }

    /// <summary>The patient, or null when the device is not bound to one yet (then <see cref="DeviceId"/> is the subject).</summary>
    public string? PatientId { get; init; }

    /// <summary>The device whose readings triggered it (or which went silent).</summary>
    public required string DeviceId { get; init; }

    public required AlertTransition Transition { get; init; }

    public required AlertSeverity Severity { get; init; }

    /// <summary>When the episode began: the effective time of the reading that first met the condition
    /// (for sustained rules: when it began to be met, not when it had lasted long enough).</summary>
    public required DateTimeOffset EpisodeStart { get; init; }

    /// <summary>When this transition happened: the effective time of the reading (or the clock tick) that caused it.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>For a person, in English: "BP 182/112 mm[Hg] at or above 180/110 (urgent hypertension)".</summary>
    public required string Message { get; init; }

    /// <summary>The kind and canonical value that decided it, where one reading did.</summary>
    public string? Kind { get; init; }

    public double? Value { get; init; }

    public string? Unit { get; init; }

    /// <summary>Subject of the episode: the patient when known, else the device.</summary>
    public string Subject => PatientId ?? "device:" + DeviceId;
}
