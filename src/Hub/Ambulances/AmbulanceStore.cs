using Google.Protobuf;
using Microsoft.Data.Sqlite;
using TelemetryGateway.Storage.Sqlite;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Hub.Ambulances;

/// <summary>
/// The ambulance database (<c>ambulances.db</c>): the last known state per unit, one row each, opened through
/// <see cref="DurableSqlite"/> (WAL, synchronous=FULL). Position and status are kept as their protobuf bytes,
/// so every field the dashboard shows comes back exactly.
/// </summary>
/// <remarks>Not thread-safe: <see cref="AmbulancePersistence"/> is its only user. Times are Unix milliseconds.</remarks>
internal sealed class AmbulanceStore : IDisposable
{
    private const int SchemaVersion = 1;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS ambulances (
            unit TEXT PRIMARY KEY, gateway_id TEXT NOT NULL, patient_id TEXT, last_seen INTEGER NOT NULL,
            position BLOB, position_time INTEGER, status BLOB, status_device TEXT, status_time INTEGER) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS ambulance_devices (
            unit TEXT NOT NULL, device TEXT NOT NULL, PRIMARY KEY (unit, device)) WITHOUT ROWID;
        PRAGMA user_version = 1;
        """;

    // The registry's ordering rule, kept by the file too: a row written late (or twice) never replaces newer
    // values. SET expressions see the row as it was before the update.
    private const string Upsert = """
        INSERT INTO ambulances (unit, gateway_id, patient_id, last_seen, position, position_time, status, status_device, status_time)
        VALUES ($unit, $gateway, $patient, $seen, $position, $position_time, $status, $status_device, $status_time)
        ON CONFLICT (unit) DO UPDATE SET
            gateway_id = CASE WHEN excluded.last_seen >= last_seen THEN excluded.gateway_id ELSE gateway_id END,
            patient_id = CASE WHEN excluded.last_seen >= last_seen THEN coalesce(excluded.patient_id, patient_id) ELSE patient_id END,
            last_seen = max(last_seen, excluded.last_seen),
            position = CASE WHEN excluded.position IS NOT NULL AND (position_time IS NULL OR excluded.position_time >= position_time)
                THEN excluded.position ELSE position END,
            position_time = CASE WHEN excluded.position IS NOT NULL AND (position_time IS NULL OR excluded.position_time >= position_time)
                THEN excluded.position_time ELSE position_time END,
            status = CASE WHEN excluded.status IS NOT NULL AND (status_time IS NULL OR excluded.status_time >= status_time)
                THEN excluded.status ELSE status END,
            status_device = CASE WHEN excluded.status IS NOT NULL AND (status_time IS NULL OR excluded.status_time >= status_time)
                THEN excluded.status_device ELSE status_device END,
            status_time = CASE WHEN excluded.status IS NOT NULL AND (status_time IS NULL OR excluded.status_time >= status_time)
                THEN excluded.status_time ELSE status_time END
        """;

    private readonly SqliteConnection _connection;

    private AmbulanceStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens (creating when missing) the ambulance database.</summary>
    /// <exception cref="InvalidDataException">The file is not an intact SQLite database.</exception>
    public static AmbulanceStore Open(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        return new AmbulanceStore(DurableSqlite.OpenWriter(new DurableSqliteSpec(path, "ambulances", SchemaVersion, Schema,
            static (message, inner) => new InvalidDataException(message, inner))));
    }

    /// <summary>Every stored ambulance.</summary>
    public List<AmbulanceRecord> Load()
    {
        var devices = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using (var command = Command("SELECT unit, device FROM ambulance_devices ORDER BY unit, device"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var unit = reader.GetString(0);
                if (!devices.TryGetValue(unit, out var list))
                {
                    devices[unit] = list = [];
                }
                list.Add(reader.GetString(1));
            }
        }
        using var rows = Command("""
            SELECT unit, gateway_id, patient_id, last_seen, position, position_time, status, status_device, status_time
            FROM ambulances ORDER BY unit
            """);
        using var row = rows.ExecuteReader();
        var records = new List<AmbulanceRecord>();
        while (row.Read())
        {
            var unit = row.GetString(0);
            records.Add(new AmbulanceRecord(
                unit,
                row.GetString(1),
                row.IsDBNull(2) ? null : row.GetString(2),
                row.GetInt64(3),
                devices.GetValueOrDefault(unit) ?? [],
                row.IsDBNull(4) ? null : Proto.AmbulancePosition.Parser.ParseFrom((byte[])row.GetValue(4)),
                row.IsDBNull(5) ? long.MinValue : row.GetInt64(5),
                row.IsDBNull(6) ? null : Proto.MonitorStatus.Parser.ParseFrom((byte[])row.GetValue(6)),
                row.IsDBNull(7) ? null : row.GetString(7),
                row.IsDBNull(8) ? long.MinValue : row.GetInt64(8)));
        }
        return records;
    }

    /// <summary>Writes <paramref name="records"/> in one transaction (one fsync), each merged with its stored row
    /// by the registry's rule.</summary>
    public void Save(IReadOnlyList<AmbulanceRecord> records)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        using var upsert = Command(Upsert);
        upsert.Transaction = transaction;
        var p = upsert.Parameters;
        var unit = p.Add("$unit", SqliteType.Text);
        var gateway = p.Add("$gateway", SqliteType.Text);
        var patient = p.Add("$patient", SqliteType.Text);
        var seen = p.Add("$seen", SqliteType.Integer);
        var position = p.Add("$position", SqliteType.Blob);
        var positionTime = p.Add("$position_time", SqliteType.Integer);
        var status = p.Add("$status", SqliteType.Blob);
        var statusDevice = p.Add("$status_device", SqliteType.Text);
        var statusTime = p.Add("$status_time", SqliteType.Integer);
        using var device = Command("INSERT INTO ambulance_devices (unit, device) VALUES ($unit, $device) ON CONFLICT DO NOTHING");
        device.Transaction = transaction;
        var deviceUnit = device.Parameters.Add("$unit", SqliteType.Text);
        var deviceId = device.Parameters.Add("$device", SqliteType.Text);
        foreach (var record in records)
        {
            unit.Value = record.Unit;
            gateway.Value = record.GatewayId;
            patient.Value = Db(record.PatientId);
            seen.Value = record.LastSeenUnixMs;
            position.Value = record.Position is { } fix ? fix.ToByteArray() : DBNull.Value;
            positionTime.Value = record.Position is null ? DBNull.Value : record.PositionTime;
            status.Value = record.Status is { } monitor ? monitor.ToByteArray() : DBNull.Value;
            statusDevice.Value = Db(record.StatusDevice);
            statusTime.Value = record.Status is null ? DBNull.Value : record.StatusTime;
            upsert.ExecuteNonQuery();
            deviceUnit.Value = record.Unit;
            foreach (var id in record.Devices)
            {
                deviceId.Value = id;
                device.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    public void Dispose() => _connection.Dispose();

    private static object Db(string? value) => (object?)value ?? DBNull.Value;

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
