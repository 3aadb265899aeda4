using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;

namespace TelemetryGateway.Hub.Alerts;

internal sealed partial class AlertStore
{
    /// <summary>Appends an audit entry (the alert as it stands after the change) and returns it with its event id.</summary>
    public AlertChange Append(string action, string actor, string? note, DateTimeOffset at, bool notify,
        IReadOnlyList<AlertRecipient> recipients, AlertRecord alert)
    {
        using var command = Command("""
            INSERT INTO alert_audit (alert_id, at, actor, action, note, notify, recipients, patient_id, clinic, severity, snapshot)
            VALUES ($alert, $at, $actor, $action, $note, $notify, $recipients, $patient, $clinic, $severity, $snapshot)
            RETURNING id
            """);
        var p = command.Parameters;
        p.AddWithValue("$alert", alert.Id);
        p.AddWithValue("$at", Ms(at));
        p.AddWithValue("$actor", actor);
        p.AddWithValue("$action", action);
        p.AddWithValue("$note", Db(note));
        p.AddWithValue("$notify", notify ? 1 : 0);
        p.AddWithValue("$recipients", JsonSerializer.Serialize(recipients.ToArray(), AlertStoreJsonContext.Default.AlertRecipientArray));
        p.AddWithValue("$patient", Db(alert.PatientId));
        p.AddWithValue("$clinic", Db(alert.Clinic));
        p.AddWithValue("$severity", (int)alert.Severity);
        p.AddWithValue("$snapshot", JsonSerializer.Serialize(alert, AlertStoreJsonContext.Default.AlertRecord));
        var id = (long)command.ExecuteScalar()!;
        return new AlertChange(id, action, actor, note, Time(Ms(at)), notify, recipients, alert);
    }

    /// <summary>Audit entries after <paramref name="afterEventId"/>, oldest first; <paramref name="alertId"/>
    /// narrows to one alert. Clinic, patient and severity are matched in SQL, the rest on the snapshot.</summary>
    public List<AlertChange> Audit(AlertFilter filter, long? alertId, long afterEventId, int limit)
    {
        var result = new List<AlertChange>();
        var after = afterEventId;
        while (result.Count < limit)
        {
            using var command = Command("""
                SELECT id, at, actor, action, note, notify, recipients, snapshot FROM alert_audit
                WHERE id > $after AND ($alert IS NULL OR alert_id = $alert)
                  AND ($clinic IS NULL OR clinic = $clinic) AND ($patient IS NULL OR patient_id = $patient)
                  AND severity >= $severity
                ORDER BY id LIMIT $limit
                """);
            var p = command.Parameters;
            p.AddWithValue("$after", after);
            p.AddWithValue("$alert", alertId is { } a ? a : DBNull.Value);
            p.AddWithValue("$clinic", Db(filter.Clinic));
            p.AddWithValue("$patient", Db(filter.PatientId));
            p.AddWithValue("$severity", (int)(filter.MinSeverity ?? 0));
            p.AddWithValue("$limit", limit);
            var read = 0;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                read++;
                var change = ReadChange(reader);
                after = change.EventId;
                if (filter.Matches(change.Alert) && result.Count < limit)
                {
                    result.Add(change);
                }
            }
            if (read < limit)
            {
                break;
            }
        }
        return result;
    }

    /// <summary>One audit entry by event id.</summary>
    public AlertChange? Event(long eventId)
    {
        using var command = Command("SELECT id, at, actor, action, note, notify, recipients, snapshot FROM alert_audit WHERE id = $id");
        command.Parameters.AddWithValue("$id", eventId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadChange(reader) : null;
    }

    private static AlertChange ReadChange(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.GetString(3),
        r.GetString(2),
        Text(r, 4),
        Time(r.GetInt64(1)),
        r.GetInt64(5) != 0,
        JsonSerializer.Deserialize(r.GetString(6), AlertStoreJsonContext.Default.AlertRecipientArray) ?? [],
        JsonSerializer.Deserialize(r.GetString(7), AlertStoreJsonContext.Default.AlertRecord)
            ?? throw new InvalidDataException($"Audit entry {r.GetInt64(0)} has no alert snapshot."));
}

/// <summary>The stored form of audit snapshots and recipients (enums as numbers: stable values).</summary>
[JsonSerializable(typeof(AlertRecord))]
[JsonSerializable(typeof(AlertRecipient[]))]
internal sealed partial class AlertStoreJsonContext : JsonSerializerContext;
