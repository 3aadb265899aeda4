using System.Globalization;
using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub.Alerts;

public sealed partial class AlertService
{
    /// <summary>
    /// Applies one signal, durably, before returning. Idempotent: a signal already applied (a replay after a
    /// reconnect, or the same episode synced through a second gateway) changes nothing. A malformed signal is
    /// refused with a log line and a counter, never an exception: it would only be resent.
    /// </summary>
    /// <param name="signal">What a rule said.</param>
    /// <param name="origin">The gateway id, or "hub" for the hub's own rules.</param>
    /// <param name="ct">Cancels waiting for the lock; once applying, the change completes.</param>
    public async Task ApplyAsync(AlertSignal signal, string origin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentException.ThrowIfNullOrEmpty(origin);
        if (Problem(signal) is { } problem)
        {
            _metrics.SignalRefused();
            AlertLog.SignalRefused(_logger, origin, problem);
            return;
        }
        await ChangeAsync((store, now, changes) =>
        {
            if (!store.TryRecordSignal(signal, origin, now))
            {
                _metrics.SignalDuplicate();
                return 0;
            }
            _metrics.SignalApplied();
            var open = store.FindOpen(signal.Subject, signal.RuleId);
            if (signal.Transition == AlertTransition.Cleared)
            {
                if (open is not null && open.EpisodeStart == signal.EpisodeStart && !open.ConditionCleared)
                {
                    Clear(store, changes, now, open, signal, origin);
                }
            }
            else if (open is null)
            {
                // An episode whose alert a person already resolved never raises again; an Updated without its
                // Raised (the hub started later, or the Raised was refused) starts the alert.
                if (!store.EpisodeKnown(signal.Subject, signal.RuleId, signal.EpisodeStart))
                {
                    RaiseNew(store, changes, now, signal, origin);
                }
            }
            else if (signal.EpisodeStart > open.EpisodeStart && open.ConditionCleared)
            {
                Recur(store, changes, now, open, signal, origin);
            }
            else if (signal.EpisodeStart > open.EpisodeStart)
            {
                // A later start while the condition never cleared here: another gateway's engine (or one restarted
                // without its state) saw the same uncontrolled condition. It continues this alert, keeping its
                // acknowledgement: never re-raised by the same episode.
                Update(store, changes, now, open, signal, origin);
            }
            else if (signal.EpisodeStart == open.EpisodeStart && signal.At >= open.LastSeen)
            {
                Update(store, changes, now, open, signal, origin);
            }
            // Otherwise: an older episode, or an update older than what the alert shows: nothing to change.
            return 0;
        }, ct).ConfigureAwait(false);
    }

    private void RaiseNew(AlertStore store, List<AlertChange> changes, DateTimeOffset now, AlertSignal signal, string origin)
    {
        var due = now + _options.FollowUp.For(signal.Severity);
        var alert = store.Insert(new AlertRecord
        {
            RuleId = signal.RuleId,
            Subject = signal.Subject,
            PatientId = signal.PatientId,
            DeviceId = signal.DeviceId,
            Clinic = _directory.ClinicOf(signal.PatientId),
            Severity = signal.Severity,
            State = AlertState.Raised,
            Message = signal.Message,
            Kind = signal.Kind,
            Value = signal.Value,
            Unit = signal.Unit,
            EpisodeStart = signal.EpisodeStart,
            RaisedAt = signal.At,
            LastSeen = signal.At,
            EscalationLevel = 1,
            NotifiedAt = now,
            FollowUpDue = due,
            Origin = origin,
        });
        Record(store, changes, now, AlertActions.Raised, origin, FollowUpNote(due), notify: true, _directory.FirstStep(signal.PatientId), alert);
    }

    /// <summary>Same episode (or the same uncontrolled condition seen by another engine, whose start the alert then
    /// follows): severity, value and message follow the signal. A person is told again only when it got worse and
    /// nobody has acknowledged it yet: never after acknowledgement within the episode.</summary>
    private void Update(AlertStore store, List<AlertChange> changes, DateTimeOffset now, AlertRecord open, AlertSignal signal, string origin)
    {
        var worse = signal.Severity > open.Severity;
        var due = open.FollowUpDue;
        if (worse && due is { } pending && open.NotifiedAt is { } notified)
        {
            var sooner = notified + _options.FollowUp.For(signal.Severity);
            due = sooner < pending ? sooner : pending;
        }
        var alert = WithSignal(open, signal) with
        {
            FollowUpDue = due,
            EpisodeStart = signal.EpisodeStart,
            LastSeen = signal.At > open.LastSeen ? signal.At : open.LastSeen,
        };
        store.Update(alert);
        var notify = worse && open.State == AlertState.Raised;
        Record(store, changes, now, AlertActions.Updated, origin, signal.Message, notify, notify ? RecipientsAt(alert) : [], alert);
    }

    /// <summary>A new episode while the alert is still open (cleared, not yet resolved): the same alert follows
    /// it. An acknowledgement covered the earlier episode, so the alert needs one again and people are told.
    /// A follow-up still pending keeps its deadline: the recurrence is evidence the condition is uncontrolled.</summary>
    private void Recur(AlertStore store, List<AlertChange> changes, DateTimeOffset now, AlertRecord open, AlertSignal signal, string origin)
    {
        var restart = open.EscalationLevel < 2 && open.FollowUpDue is null;
        var alert = WithSignal(open, signal) with
        {
            EpisodeStart = signal.EpisodeStart,
            State = AlertState.Raised,
            AcknowledgedBy = null,
            AcknowledgedAt = null,
            AcknowledgedNote = null,
            EscalationLevel = Math.Max(open.EscalationLevel, 1),
            NotifiedAt = restart ? now : open.NotifiedAt,
            FollowUpDue = restart ? now + _options.FollowUp.For(signal.Severity) : open.FollowUpDue,
        };
        store.Update(alert);
        var note = alert.FollowUpDue is { } due ? signal.Message + "; " + FollowUpNote(due) : signal.Message;
        Record(store, changes, now, AlertActions.Recurred, origin, note, notify: true, RecipientsAt(alert), alert);
    }

    private void Clear(AlertStore store, List<AlertChange> changes, DateTimeOffset now, AlertRecord open, AlertSignal signal, string origin)
    {
        var cleared = open with { ConditionCleared = true, LastSeen = signal.At > open.LastSeen ? signal.At : open.LastSeen };
        store.Update(cleared);
        Record(store, changes, now, AlertActions.Cleared, origin, signal.Message, notify: false, [], cleared);
        // A lost link is not the patient's condition: once the feed's data arrives again (and with it any clinical
        // alert raised meanwhile) nothing is left for a person to close.
        var linkBack = string.Equals(open.RuleId, HubRuleIds.StaleLink, StringComparison.Ordinal);
        if (open.Severity <= _autoResolveUpTo || linkBack)
        {
            var resolved = cleared with
            {
                State = AlertState.Resolved,
                ResolvedBy = AlertActors.Hub,
                ResolvedAt = now,
                ResolvedNote = linkBack ? "link back: the feed's data arrives at the hub again; resolved automatically"
                    : "condition cleared; resolved automatically (Hub:Alerts:AutoResolveClearedUpTo)",
                FollowUpDue = null,
            };
            store.Update(resolved);
            Record(store, changes, now, AlertActions.Resolved, AlertActors.Hub, resolved.ResolvedNote, notify: false, [], resolved);
        }
    }

    private static AlertRecord WithSignal(AlertRecord open, AlertSignal signal) => open with
    {
        Severity = signal.Severity,
        Message = signal.Message,
        Kind = signal.Kind ?? open.Kind,
        Value = signal.Value ?? open.Value,
        Unit = signal.Unit ?? open.Unit,
        LastSeen = signal.At,
        ConditionCleared = false,
    };

    /// <summary>Who is told about a change at the alert's escalation level.</summary>
    private IReadOnlyList<AlertRecipient> RecipientsAt(AlertRecord alert) => alert.EscalationLevel >= 2
        ? [.. _directory.FirstStep(alert.PatientId), .. _directory.EscalationStep(alert.PatientId)]
        : _directory.FirstStep(alert.PatientId);

    private static string FollowUpNote(DateTimeOffset due) =>
        "village doctor notified; second follow-up due by " + due.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Problem(AlertSignal signal)
    {
        if (string.IsNullOrWhiteSpace(signal.RuleId) || string.IsNullOrWhiteSpace(signal.DeviceId))
        {
            return "rule id and device id are required";
        }
        if (!Enum.IsDefined(signal.Transition))
        {
            return $"transition {(int)signal.Transition} is not raised, updated or cleared";
        }
        if (!Enum.IsDefined(signal.Severity))
        {
            return $"severity {(int)signal.Severity} is not advisory, warning, urgent or emergency";
        }
        return signal.Message is null ? "message is required" : null;
    }
}
