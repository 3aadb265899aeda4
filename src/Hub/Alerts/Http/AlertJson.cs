using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>An alert in the HTTP API, server-sent events and webhook bodies.</summary>
public sealed record AlertJson(
    long Id,
    string RuleId,
    string Subject,
    string? PatientId,
    string DeviceId,
    string? Clinic,
    string Severity,
    string State,
    string Message,
    string? Kind,
    double? Value,
    string? Unit,
    DateTimeOffset EpisodeStart,
    DateTimeOffset RaisedAt,
    DateTimeOffset LastSeen,
    bool ConditionCleared,
    AlertActionJson? Acknowledged,
    AlertActionJson? Resolved,
    int EscalationLevel,
    DateTimeOffset? FollowUpDue,
    bool Referral,
    string Origin);

/// <summary>Who acted on an alert, when, with what note.</summary>
public sealed record AlertActionJson(string By, DateTimeOffset At, string? Note);

/// <summary>One audit entry with the alert as it stood after it: an SSE event's data and a webhook's body.</summary>
public sealed record AlertChangeJson(
    long EventId,
    string Action,
    string Actor,
    string? Note,
    DateTimeOffset At,
    bool Notify,
    IReadOnlyList<AlertRecipient> Recipients,
    AlertJson Alert);

/// <summary><c>GET /api/alerts</c>.</summary>
public sealed record AlertListResponse(IReadOnlyList<AlertJson> Alerts);

/// <summary><c>GET /api/alerts/audit</c>: oldest first; <c>next</c> is the <c>after</c> of the next page.</summary>
public sealed record AlertAuditResponse(IReadOnlyList<AlertChangeJson> Entries, long Next);

/// <summary>Body of acknowledge and resolve.</summary>
public sealed record AlertActionRequest(string? By, string? Note);

/// <summary>A threshold entry (telemetry.proto <c>Threshold</c>, with the duration of timed rules).</summary>
public sealed record ThresholdJson(string? Kind, string? PatientId, double? Low, double? High, string? Severity, double? DurationSeconds);

/// <summary>Rules in force and their version.</summary>
public sealed record AlertRulesResponse(long Version, IReadOnlyList<ThresholdJson> Thresholds);

/// <summary>Body of the rules PUTs.</summary>
public sealed record AlertRulesRequest(IReadOnlyList<ThresholdJson>? Thresholds);

/// <summary>A refused request: what was wrong.</summary>
public sealed record AlertErrorResponse(string Error);

/// <summary>Mapping between the service's types and their JSON.</summary>
public static class AlertJsonMapping
{
    public static AlertJson From(AlertRecord a) => new(
        a.Id, a.RuleId, a.Subject, a.PatientId, a.DeviceId, a.Clinic,
        AlertSeverityNames.ToName(a.Severity), AlertStateNames.ToName(a.State), a.Message, a.Kind, a.Value, a.Unit,
        a.EpisodeStart, a.RaisedAt, a.LastSeen, a.ConditionCleared,
        a.AcknowledgedBy is { } ackBy ? new AlertActionJson(ackBy, a.AcknowledgedAt!.Value, a.AcknowledgedNote) : null,
        a.ResolvedBy is { } resBy ? new AlertActionJson(resBy, a.ResolvedAt!.Value, a.ResolvedNote) : null,
        a.EscalationLevel, a.FollowUpDue, a.Referral, a.Origin);

    public static AlertChangeJson From(AlertChange c) => new(
        c.EventId, c.Action, c.Actor, c.Note, c.At, c.Notify, c.Recipients, From(c.Alert));

    public static ThresholdJson From(AlertThreshold t) => new(
        t.Kind, t.PatientId, t.Low, t.High, AlertSeverityNames.ToName(t.Severity), t.Duration?.TotalSeconds);

    /// <summary>The entry, or why it cannot be one.</summary>
    public static AlertThreshold? ToThreshold(ThresholdJson json, string? patientDefault, out string? error)
    {
        if (string.IsNullOrWhiteSpace(json.Kind))
        {
            error = "Each threshold needs a kind.";
            return null;
        }
        if (!AlertSeverityNames.TryParse(json.Severity, out var severity))
        {
            error = $"Threshold {json.Kind}: severity '{json.Severity}' is not advisory, warning, urgent or emergency.";
            return null;
        }
        if (json.DurationSeconds is { } seconds && !(double.IsFinite(seconds) && seconds > 0 && seconds < TimeSpan.MaxValue.TotalSeconds))
        {
            error = $"Threshold {json.Kind}: durationSeconds must be a positive number.";
            return null;
        }
        error = null;
        return new AlertThreshold(json.Kind, json.PatientId ?? patientDefault ?? "", json.Low, json.High, severity)
        {
            Duration = json.DurationSeconds is { } d ? TimeSpan.FromSeconds(d) : null,
        };
    }
}

