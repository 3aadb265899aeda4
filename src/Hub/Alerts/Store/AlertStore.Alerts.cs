using Microsoft.Data.Sqlite;
using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub.Alerts;

internal sealed partial class AlertStore
{
    private const string Columns = """
        id, rule_id, subject, patient_id, device_id, clinic, severity, state, message, kind, value, unit,
        episode_start, raised_at, last_seen, condition_cleared, acknowledged_by, acknowledged_at, acknowledged_note,
        resolved_by, resolved_at, resolved_note, escalation_level, notified_at, follow_up_due, referral, origin
        """;

    /// <summary>Records a signal as applied; false when it was applied before (a replay).</summary>
    public bool TryRecordSignal(AlertSignal signal, string origin, DateTimeOffset now)
    {
        using var command = Command("""
            INSERT OR IGNORE INTO alert_signals (subject, rule_id, episode_start, transition, at, origin, applied_at)
            VALUES ($subject, $rule, $episode, $transition, $at, $origin, $now)
            """);
        command.Parameters.AddWithValue("$subject", signal.Subject);
        command.Parameters.AddWithValue("$rule", signal.RuleId);
        command.Parameters.AddWithValue("$episode", Ms(signal.EpisodeStart));
        command.Parameters.AddWithValue("$transition", (int)signal.Transition);
        // An episode is raised and cleared once but updated many times: updates are told apart by their time.
        command.Parameters.AddWithValue("$at", signal.Transition == AlertTransition.Updated ? Ms(signal.At) : 0L);
        command.Parameters.AddWithValue("$origin", origin);
        command.Parameters.AddWithValue("$now", Ms(now));
        return command.ExecuteNonQuery() == 1;
    }

    public AlertRecord? FindOpen(string subject, string ruleId)
    {
        using var command = Command($"SELECT {Columns} FROM alerts WHERE subject = $subject AND rule_id = $rule AND state <> 3");
        command.Parameters.AddWithValue("$subject", subject);
        command.Parameters.AddWithValue("$rule", ruleId);
        return ReadOne(command);
    }

    /// <summary>True when an alert (open or resolved) already followed this episode.</summary>
    public bool EpisodeKnown(string subject, string ruleId, DateTimeOffset episodeStart)
    {
        // An alert that followed a later start of the same condition no longer shows the earlier start, but the
        // signals table remembers it: more than one signal of the episode (this one is already recorded) means a
        // late signal of an episode the hub has seen, which must not raise a new alert after resolution.
        using var command = Command("""
            SELECT 1 WHERE EXISTS (SELECT 1 FROM alerts WHERE subject = $subject AND rule_id = $rule AND episode_start = $episode)
                OR (SELECT COUNT(*) FROM alert_signals WHERE subject = $subject AND rule_id = $rule AND episode_start = $episode) > 1
            """);
        command.Parameters.AddWithValue("$subject", subject);
        command.Parameters.AddWithValue("$rule", ruleId);
        command.Parameters.AddWithValue("$episode", Ms(episodeStart));
        return command.ExecuteScalar() is not null;
    }

    public AlertRecord? Find(long id)
    {
        using var command = Command($"SELECT {Columns} FROM alerts WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        return ReadOne(command);
    }

    /// <summary>Alerts matching <paramref name="filter"/>, newest first. A scope (<see cref="AlertFilter.Visible"/>)
    /// is applied on the rows, page by page, so that a scoped caller still gets up to <paramref name="limit"/>.</summary>
    public List<AlertRecord> List(AlertFilter filter, int limit)
    {
        if (filter.Visible is null)
        {
            return ListPage(filter, long.MaxValue, limit);
        }
        var result = new List<AlertRecord>();
        var before = long.MaxValue;
        while (result.Count < limit)
        {
            var page = ListPage(filter, before, limit);
            result.AddRange(page.Where(filter.Visible).Take(limit - result.Count));
            if (page.Count < limit)
            {
                break;
            }
            before = page[^1].Id;
        }
        return result;
    }

    private List<AlertRecord> ListPage(AlertFilter filter, long beforeId, int limit)
    {
        using var command = Command($"""
            SELECT {Columns} FROM alerts
            WHERE id < $before AND ($clinic IS NULL OR clinic = $clinic) AND ($patient IS NULL OR patient_id = $patient)
              AND severity >= $severity AND ($state IS NULL OR state = $state) AND ($open = 0 OR state <> 3)
            ORDER BY id DESC LIMIT $limit
            """);
        command.Parameters.AddWithValue("$before", beforeId);
        command.Parameters.AddWithValue("$clinic", Db(filter.Clinic));
        command.Parameters.AddWithValue("$patient", Db(filter.PatientId));
        command.Parameters.AddWithValue("$severity", (int)(filter.MinSeverity ?? 0));
        command.Parameters.AddWithValue("$state", filter.State is { } s ? (int)s : DBNull.Value);
        command.Parameters.AddWithValue("$open", filter.OpenOnly ? 1 : 0);
        command.Parameters.AddWithValue("$limit", limit);
        return ReadAll(command);
    }

    /// <summary>Open alerts whose follow-up deadline is at or before <paramref name="now"/>.</summary>
    public List<AlertRecord> FollowUpsDue(DateTimeOffset now)
    {
        using var command = Command($"SELECT {Columns} FROM alerts WHERE follow_up_due IS NOT NULL AND follow_up_due <= $now AND state <> 3 ORDER BY follow_up_due");
        command.Parameters.AddWithValue("$now", Ms(now));
        return ReadAll(command);
    }

    public long CountOpen()
    {
        using var command = Command("SELECT count(*) FROM alerts WHERE state <> 3");
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Inserts a new alert and returns it with its id.</summary>
    public AlertRecord Insert(AlertRecord alert)
    {
        using var command = Command("""
            INSERT INTO alerts (rule_id, subject, patient_id, device_id, clinic, severity, state, message, kind, value, unit,
                episode_start, raised_at, last_seen, condition_cleared, acknowledged_by, acknowledged_at, acknowledged_note,
                resolved_by, resolved_at, resolved_note, escalation_level, notified_at, follow_up_due, referral, origin)
            VALUES ($rule, $subject, $patient, $device, $clinic, $severity, $state, $message, $kind, $value, $unit,
                $episode, $raised, $last, $cleared, $ackBy, $ackAt, $ackNote,
                $resBy, $resAt, $resNote, $level, $notified, $due, $referral, $origin)
            RETURNING id
            """);
        Bind(command, alert);
        var id = (long)command.ExecuteScalar()!;
        return alert with { Id = id };
    }

    public void Update(AlertRecord alert)
    {
        using var command = Command("""
            UPDATE alerts SET rule_id = $rule, subject = $subject, patient_id = $patient, device_id = $device, clinic = $clinic,
                severity = $severity, state = $state, message = $message, kind = $kind, value = $value, unit = $unit,
                episode_start = $episode, raised_at = $raised, last_seen = $last, condition_cleared = $cleared,
                acknowledged_by = $ackBy, acknowledged_at = $ackAt, acknowledged_note = $ackNote,
                resolved_by = $resBy, resolved_at = $resAt, resolved_note = $resNote,
                escalation_level = $level, notified_at = $notified, follow_up_due = $due, referral = $referral, origin = $origin
            WHERE id = $id
            """);
        Bind(command, alert);
        command.Parameters.AddWithValue("$id", alert.Id);
        command.ExecuteNonQuery();
    }

    private static void Bind(SqliteCommand command, AlertRecord a)
    {
        var p = command.Parameters;
        p.AddWithValue("$rule", a.RuleId);
        p.AddWithValue("$subject", a.Subject);
        p.AddWithValue("$patient", Db(a.PatientId));
        p.AddWithValue("$device", a.DeviceId);
        p.AddWithValue("$clinic", Db(a.Clinic));
        p.AddWithValue("$severity", (int)a.Severity);
        p.AddWithValue("$state", (int)a.State);
        p.AddWithValue("$message", a.Message);
        p.AddWithValue("$kind", Db(a.Kind));
        p.AddWithValue("$value", Db(a.Value));
        p.AddWithValue("$unit", Db(a.Unit));
        p.AddWithValue("$episode", Ms(a.EpisodeStart));
        p.AddWithValue("$raised", Ms(a.RaisedAt));
        p.AddWithValue("$last", Ms(a.LastSeen));
        p.AddWithValue("$cleared", a.ConditionCleared ? 1 : 0);
        p.AddWithValue("$ackBy", Db(a.AcknowledgedBy));
        p.AddWithValue("$ackAt", Ms(a.AcknowledgedAt));
        p.AddWithValue("$ackNote", Db(a.AcknowledgedNote));
        p.AddWithValue("$resBy", Db(a.ResolvedBy));
        p.AddWithValue("$resAt", Ms(a.ResolvedAt));
        p.AddWithValue("$resNote", Db(a.ResolvedNote));
        p.AddWithValue("$level", a.EscalationLevel);
        p.AddWithValue("$notified", Ms(a.NotifiedAt));
        p.AddWithValue("$due", Ms(a.FollowUpDue));
        p.AddWithValue("$referral", a.Referral ? 1 : 0);
        p.AddWithValue("$origin", a.Origin);
    }

    private static AlertRecord? ReadOne(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    private static List<AlertRecord> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var alerts = new List<AlertRecord>();
        while (reader.Read())
        {
            alerts.Add(Read(reader));
        }
        return alerts;
    }

    private static AlertRecord Read(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        RuleId = r.GetString(1),
        Subject = r.GetString(2),
        PatientId = Text(r, 3),
        DeviceId = r.GetString(4),
        Clinic = Text(r, 5),
        Severity = (AlertSeverity)r.GetInt32(6),
        State = (AlertState)r.GetInt32(7),
        Message = r.GetString(8),
        Kind = Text(r, 9),
        Value = r.IsDBNull(10) ? null : r.GetDouble(10),
        Unit = Text(r, 11),
        EpisodeStart = Time(r.GetInt64(12)),
        RaisedAt = Time(r.GetInt64(13)),
        LastSeen = Time(r.GetInt64(14)),
        ConditionCleared = r.GetInt64(15) != 0,
        AcknowledgedBy = Text(r, 16),
        AcknowledgedAt = Time(r, 17),
        AcknowledgedNote = Text(r, 18),
        ResolvedBy = Text(r, 19),
        ResolvedAt = Time(r, 20),
        ResolvedNote = Text(r, 21),
        EscalationLevel = r.GetInt32(22),
        NotifiedAt = Time(r, 23),
        FollowUpDue = Time(r, 24),
        Referral = r.GetInt64(25) != 0,
        Origin = r.GetString(26),
    };
}
