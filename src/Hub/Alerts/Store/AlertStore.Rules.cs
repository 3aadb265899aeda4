using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub.Alerts;

internal sealed partial class AlertStore
{
    /// <summary>The threshold entries set through the API, in the order they were last set.</summary>
    public List<AlertThreshold> Thresholds()
    {
        using var command = Command("SELECT kind, patient_id, severity, low, high, duration_ms FROM alert_thresholds ORDER BY seq");
        using var reader = command.ExecuteReader();
        var entries = new List<AlertThreshold>();
        while (reader.Read())
        {
            entries.Add(new AlertThreshold(
                reader.GetString(0), reader.GetString(1),
                reader.IsDBNull(3) ? null : reader.GetDouble(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4),
                (AlertSeverity)reader.GetInt32(2))
            {
                Duration = reader.IsDBNull(5) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(5)),
            });
        }
        return entries;
    }

    /// <summary>Stores entries: each replaces the stored entry with the same kind, patient and severity and
    /// moves to the end of the order (later entries win when the set is rebuilt).</summary>
    public void SetThresholds(IEnumerable<AlertThreshold> entries)
    {
        foreach (var entry in entries)
        {
            using var command = Command("""
                DELETE FROM alert_thresholds WHERE kind = $kind AND patient_id = $patient AND severity = $severity;
                INSERT INTO alert_thresholds (kind, patient_id, severity, low, high, duration_ms)
                VALUES ($kind, $patient, $severity, $low, $high, $duration)
                """);
            var p = command.Parameters;
            p.AddWithValue("$kind", entry.Kind);
            p.AddWithValue("$patient", entry.PatientId);
            p.AddWithValue("$severity", (int)entry.Severity);
            p.AddWithValue("$low", Db(entry.Low));
            p.AddWithValue("$high", Db(entry.High));
            p.AddWithValue("$duration", entry.Duration is { } d ? (long)d.TotalMilliseconds : DBNull.Value);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Removes every stored override of one patient.</summary>
    public void ClearPatientThresholds(string patientId)
    {
        using var command = Command("DELETE FROM alert_thresholds WHERE patient_id = $patient");
        command.Parameters.AddWithValue("$patient", patientId);
        command.ExecuteNonQuery();
    }

    public long Meta(string key)
    {
        using var command = Command("SELECT value FROM alert_meta WHERE key = $key");
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() is long value ? value : 0;
    }

    public void SetMeta(string key, long value)
    {
        using var command = Command("INSERT INTO alert_meta (key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }
}
