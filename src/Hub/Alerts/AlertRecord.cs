using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>One alert: an episode (or successive episodes while it stays open) of one rule for one
/// subject, with its lifecycle and escalation. Immutable; changes make a new record.</summary>
public sealed record AlertRecord
{
    public long Id { get; init; }

    public required string RuleId { get; init; }

    /// <summary>The patient, or "device:&lt;id&gt;" when the device is not bound (<see cref="AlertSignal.Subject"/>).</summary>
    public required string Subject { get; init; }

    public string? PatientId { get; init; }

    public required string DeviceId { get; init; }

    /// <summary>The patient's clinic from the directory, when known.</summary>
    public string? Clinic { get; init; }

    /// <summary>The severity of the latest signal of the episode.</summary>
    public AlertSeverity Severity { get; init; }

    public AlertState State { get; init; }

    public required string Message { get; init; }

    public string? Kind { get; init; }

    public double? Value { get; init; }

    public string? Unit { get; init; }

    /// <summary>Start of the episode the alert follows now.</summary>
    public DateTimeOffset EpisodeStart { get; init; }

    /// <summary>When the condition first arose (the first signal's time).</summary>
    public DateTimeOffset RaisedAt { get; init; }

    /// <summary>Time of the latest signal applied (raised, updated or cleared).</summary>
    public DateTimeOffset LastSeen { get; init; }

    /// <summary>True after a Cleared signal of the current episode: the condition is over, the alert may still be open.</summary>
    public bool ConditionCleared { get; init; }

    public string? AcknowledgedBy { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public string? AcknowledgedNote { get; init; }

    public string? ResolvedBy { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public string? ResolvedNote { get; init; }

    /// <summary>0 none; 1 village doctor notified, second follow-up due; 2 clinic lead and family notified.</summary>
    public int EscalationLevel { get; init; }

    /// <summary>When the village doctor was notified (hub clock).</summary>
    public DateTimeOffset? NotifiedAt { get; init; }

    /// <summary>When the second follow-up is due; null when none is pending.</summary>
    public DateTimeOffset? FollowUpDue { get; init; }

    /// <summary>The patient is marked for referral to a higher-level hospital.</summary>
    public bool Referral { get; init; }

    /// <summary>Where the first signal came from: a gateway id or "hub".</summary>
    public required string Origin { get; init; }

    public bool IsOpen => State != AlertState.Resolved;
}
