using System.Globalization;

namespace TelemetryGateway.Hub.Alerts;

public sealed partial class AlertService
{
    /// <summary>
    /// Escalates every open alert whose second follow-up deadline has passed (design.md "Who uses it"):
    /// still uncontrolled (no Cleared since the latest raise or update) or still unacknowledged → the clinic
    /// lead and the family contact are notified and the patient is marked for referral. Cleared and
    /// acknowledged by the deadline → recorded as controlled, no escalation. Runs on the hub clock every
    /// <see cref="AlertOptions.EscalationCheckInterval"/>; tests call it directly on a manual clock.
    /// </summary>
    /// <returns>How many alerts were escalated.</returns>
    public Task<int> CheckEscalationsAsync(CancellationToken ct) => ChangeAsync((store, now, changes) =>
    {
        var escalated = 0;
        foreach (var alert in store.FollowUpsDue(now))
        {
            var uncontrolled = !alert.ConditionCleared;
            var unacknowledged = alert.State == AlertState.Raised;
            var due = alert.FollowUpDue!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            if (alert.EscalationLevel >= 2 || !uncontrolled && !unacknowledged)
            {
                var controlled = alert with { FollowUpDue = null };
                store.Update(controlled);
                Record(store, changes, now, AlertActions.FollowUpControlled, AlertActors.Escalation,
                    $"second follow-up due {due}: condition cleared and acknowledged", notify: false, [], controlled);
                continue;
            }
            var recipients = _directory.EscalationStep(alert.PatientId);
            var reason = uncontrolled && unacknowledged ? "still uncontrolled and unacknowledged"
                : uncontrolled ? "still uncontrolled" : "unacknowledged";
            var note = $"second follow-up due {due} passed, {reason}: clinic lead and family contact notified, patient marked for referral"
                + (recipients.Count == 0 ? " (no clinic lead or family contact configured for this patient)" : "");
            var escalatedAlert = alert with { EscalationLevel = 2, Referral = true, FollowUpDue = null };
            store.Update(escalatedAlert);
            Record(store, changes, now, AlertActions.Escalated, AlertActors.Escalation, note, notify: true, recipients, escalatedAlert);
            AlertLog.Escalated(_logger, alert.Id, alert.Subject, note);
            escalated++;
        }
        return escalated;
    }, ct);

    private async Task RunEscalationsAsync(CancellationToken ct)
    {
        var interval = _options.EscalationCheckInterval > TimeSpan.Zero ? _options.EscalationCheckInterval : TimeSpan.FromSeconds(30);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await CheckEscalationsAsync(ct).ConfigureAwait(false);
                await Task.Delay(interval, _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                AlertLog.BackgroundFailed(_logger, ex, "escalation");
                try
                {
                    await Task.Delay(interval, _time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
