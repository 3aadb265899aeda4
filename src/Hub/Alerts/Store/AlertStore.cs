using Microsoft.Data.Sqlite;
using TelemetryGateway.Storage.Sqlite;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>
/// The alert database: alerts, the signals already applied (duplicate detection), the append-only audit
/// log, the webhook outbox and the rule overrides, in one SQLite file opened through
/// <see cref="DurableSqlite"/> (WAL, synchronous=FULL: a committed change survives power loss).
/// </summary>
/// <remarks>Not thread-safe: <see cref="AlertService"/> serialises every call. Times are Unix milliseconds.</remarks>
internal sealed partial class AlertStore : IDisposable
{
    private const int SchemaVersion = 1;

    // One open alert per subject and rule is a constraint of the file, not only of the code.
    // The audit log refuses UPDATE and DELETE: append-only by construction.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS alerts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            rule_id TEXT NOT NULL, subject TEXT NOT NULL, patient_id TEXT, device_id TEXT NOT NULL, clinic TEXT,
            severity INTEGER NOT NULL, state INTEGER NOT NULL, message TEXT NOT NULL,
            kind TEXT, value REAL, unit TEXT,
            episode_start INTEGER NOT NULL, raised_at INTEGER NOT NULL, last_seen INTEGER NOT NULL,
            condition_cleared INTEGER NOT NULL,
            acknowledged_by TEXT, acknowledged_at INTEGER, acknowledged_note TEXT,
            resolved_by TEXT, resolved_at INTEGER, resolved_note TEXT,
            escalation_level INTEGER NOT NULL, notified_at INTEGER, follow_up_due INTEGER,
            referral INTEGER NOT NULL, origin TEXT NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS alerts_open ON alerts(subject, rule_id) WHERE state <> 3;
        CREATE INDEX IF NOT EXISTS alerts_episode ON alerts(subject, rule_id, episode_start);
        CREATE INDEX IF NOT EXISTS alerts_due ON alerts(follow_up_due) WHERE follow_up_due IS NOT NULL;
        CREATE TABLE IF NOT EXISTS alert_signals (
            subject TEXT NOT NULL, rule_id TEXT NOT NULL, episode_start INTEGER NOT NULL,
            transition INTEGER NOT NULL, at INTEGER NOT NULL, origin TEXT NOT NULL, applied_at INTEGER NOT NULL,
            PRIMARY KEY (subject, rule_id, episode_start, transition, at)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS alert_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            alert_id INTEGER NOT NULL, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, note TEXT,
            notify INTEGER NOT NULL, recipients TEXT NOT NULL,
            patient_id TEXT, clinic TEXT, severity INTEGER NOT NULL, snapshot TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS alert_audit_alert ON alert_audit(alert_id);
        CREATE TRIGGER IF NOT EXISTS alert_audit_no_update BEFORE UPDATE ON alert_audit
            BEGIN SELECT RAISE(ABORT, 'the alert audit log is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS alert_audit_no_delete BEFORE DELETE ON alert_audit
            BEGIN SELECT RAISE(ABORT, 'the alert audit log is append-only'); END;
        CREATE TABLE IF NOT EXISTS webhook_outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            webhook TEXT NOT NULL, event_id INTEGER NOT NULL, attempts INTEGER NOT NULL,
            next_attempt INTEGER NOT NULL, state INTEGER NOT NULL, last_error TEXT,
            UNIQUE (webhook, event_id));
        CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox(next_attempt) WHERE state = 0;
        CREATE TABLE IF NOT EXISTS alert_thresholds (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL, patient_id TEXT NOT NULL, severity INTEGER NOT NULL,
            low REAL, high REAL, duration_ms INTEGER,
            UNIQUE (kind, patient_id, severity));
        CREATE TABLE IF NOT EXISTS alert_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
        PRAGMA user_version = 1;
        """;

    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;

    private AlertStore(SqliteConnection connection) => _connection = connection;

    public string Path { get; private init; } = "";

    /// <summary>Opens (creating when missing) the alert database.</summary>
    /// <exception cref="InvalidDataException">The file is not an intact SQLite database.</exception>
    public static AlertStore Open(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        var connection = DurableSqlite.OpenWriter(new DurableSqliteSpec(path, "alerts", SchemaVersion, Schema,
            static (message, inner) => new InvalidDataException(message, inner)));
        return new AlertStore(connection) { Path = path };
    }

    /// <summary>Starts the transaction every change of one operation goes into.</summary>
    public void Begin() => _transaction = _connection.BeginTransaction(deferred: false);

    public void Commit()
    {
        _transaction!.Commit();
        _transaction.Dispose();
        _transaction = null;
    }

    public void Rollback()
    {
        if (_transaction is not null)
        {
            _transaction.Rollback();
            _transaction.Dispose();
            _transaction = null;
        }
    }

    public void Dispose()
    {
        Rollback();
        _connection.Dispose();
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    private static object Db(object? value) => value ?? DBNull.Value;

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static object Ms(DateTimeOffset? time) => time is { } t ? t.ToUnixTimeMilliseconds() : DBNull.Value;

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? Time(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Time(reader.GetInt64(ordinal));

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
