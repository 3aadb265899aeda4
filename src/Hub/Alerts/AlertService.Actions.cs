namespace TelemetryGateway.Hub.Alerts;

/// <summary>What became of a person's action on an alert.</summary>
public enum AlertActionOutcome
{
    Done,
    NotFound,
    /// <summary>The alert is not in a state the action applies to (already acknowledged, already resolved).</summary>
    Conflict,
}

/// <summary>The outcome and the alert as it stands.</summary>
public sealed record AlertActionResult(AlertActionOutcome Outcome, AlertRecord? Alert);

public sealed partial class AlertService
{
    /// <summary>A person takes the alert on: raised → acknowledged. Further updates of the episode no longer notify.</summary>
    public Task<AlertActionResult> AcknowledgeAsync(long id, string by, string? note, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        return ChangeAsync((store, now, changes) =>
        {
            var alert = store.Find(id);
            if (alert is null)
            {
                return new AlertActionResult(AlertActionOutcome.NotFound, null);
            }
            if (alert.State != AlertState.Raised)
            {
                return new AlertActionResult(AlertActionOutcome.Conflict, alert);
            }
            var acknowledged = alert with { State = AlertState.Acknowledged, AcknowledgedBy = by, AcknowledgedAt = now, AcknowledgedNote = note };
            store.Update(acknowledged);
            Record(store, changes, now, AlertActions.Acknowledged, by, note, notify: false, [], acknowledged);
            return new AlertActionResult(AlertActionOutcome.Done, acknowledged);
        }, ct);
    }

    /// <summary>A person closes the alert (from raised or acknowledged). A later episode of the rule is a new alert.</summary>
    public Task<AlertActionResult> ResolveAsync(long id, string by, string? note, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        return ChangeAsync((store, now, changes) =>
        {
            var alert = store.Find(id);
            if (alert is null)
            {
                return new AlertActionResult(AlertActionOutcome.NotFound, null);
            }
            if (alert.State == AlertState.Resolved)
            {
                return new AlertActionResult(AlertActionOutcome.Conflict, alert);
            }
            var resolved = alert with { State = AlertState.Resolved, ResolvedBy = by, ResolvedAt = now, ResolvedNote = note, FollowUpDue = null };
            store.Update(resolved);
            Record(store, changes, now, AlertActions.Resolved, by, note, notify: false, [], resolved);
            return new AlertActionResult(AlertActionOutcome.Done, resolved);
        }, ct);
    }
}
