using System.Globalization;
using Microsoft.Data.Sqlite;

namespace TelemetryGateway.Storage.Sqlite;

/// <summary>What a store needs to open its single SQLite write connection.</summary>
/// <param name="Path">The database file.</param>
/// <param name="SchemaName">How errors name the schema, e.g. "buffer".</param>
/// <param name="SchemaVersion">The newest <c>user_version</c> this build understands.</param>
/// <param name="CreateSchema">Idempotent DDL that creates (or completes) the schema and sets <c>user_version</c>.</param>
/// <param name="Corrupt">Builds the store's own exception for a damaged file (message, inner exception).</param>
internal sealed record DurableSqliteSpec(
    string Path,
    string SchemaName,
    int SchemaVersion,
    string CreateSchema,
    Func<string, Exception?, Exception> Corrupt)
{
    public TimeSpan? BusyTimeout { get; init; }

    public bool VerifyOnOpen { get; init; }

    /// <summary>Store-specific pragmas, run after WAL and synchronous=FULL and before the check and schema.</summary>
    public Action<SqliteConnection>? Configure { get; init; }

    /// <summary>
    /// DDL that takes an existing file from schema version <c>key</c> to <c>key + 1</c> (e.g. <c>ALTER TABLE … ADD
    /// COLUMN</c>), run in order, in the schema transaction, before <see cref="CreateSchema"/>. A new file (version 0)
    /// gets <see cref="CreateSchema"/> alone, which already describes the newest version.
    /// </summary>
    public IReadOnlyDictionary<int, string> Upgrades { get; init; } = new Dictionary<int, string>();
}

/// <summary>
/// The SQLite file handling the edge buffer and the hub store share: one write connection in WAL mode with
/// <c>synchronous=FULL</c> (a commit returns only after the WAL is fsynced, so what was accepted or
/// acknowledged survives power loss, not only a process kill), an optional <c>quick_check</c>, and a
/// versioned schema. A damaged file is reported through the store's own exception type.
/// </summary>
internal static class DurableSqlite
{
    public static SqliteConnection OpenWriter(DurableSqliteSpec spec)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = spec.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = spec.BusyTimeout is { } busy ? (int)Math.Ceiling(busy.TotalSeconds) : 30,
        }.ToString());
        try
        {
            connection.Open();
            var mode = Scalar(connection, "PRAGMA journal_mode = WAL") as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw spec.Corrupt($"'{spec.Path}' could not be put in WAL mode (journal_mode is '{mode}').", null);
            }
            Execute(connection, "PRAGMA synchronous = FULL");
            spec.Configure?.Invoke(connection);
            if (spec.VerifyOnOpen)
            {
                Verify(connection, spec);
            }
            CreateSchema(connection, spec);
            return connection;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 11 or 26) // SQLITE_CORRUPT, SQLITE_NOTADB
        {
            connection.Dispose();
            throw spec.Corrupt($"'{spec.Path}' is not an intact SQLite database: {ex.Message}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Verify(SqliteConnection connection, DurableSqliteSpec spec)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check";
        using var reader = command.ExecuteReader();
        var problems = new List<string>();
        while (reader.Read())
        {
            problems.Add(reader.GetString(0));
        }
        if (problems is not ["ok"])
        {
            throw spec.Corrupt($"'{spec.Path}' failed PRAGMA quick_check: {string.Join("; ", problems.Take(5))}", null);
        }
    }

    private static void CreateSchema(SqliteConnection connection, DurableSqliteSpec spec)
    {
        // BEGIN IMMEDIATE takes the write lock before the version is read: another process opening the same file
        // may have upgraded it since this one opened it, and reading first would upgrade twice (the second
        // ALTER TABLE … ADD COLUMN fails on "duplicate column name").
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        var version = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (version > spec.SchemaVersion)
        {
            throw new NotSupportedException($"'{spec.Path}' has {spec.SchemaName} schema version {version}; this build knows up to {spec.SchemaVersion}.");
        }
        // Upgrades and the version they lead to commit together: a crash half way leaves the old version.
        // A new file (version 0) needs none.
        for (var from = version; from > 0 && from < spec.SchemaVersion; from++)
        {
            if (spec.Upgrades.TryGetValue(from, out var upgrade))
            {
                command.CommandText = upgrade;
                command.ExecuteNonQuery();
            }
        }
        command.CommandText = spec.CreateSchema;
        command.ExecuteNonQuery();
        transaction.Commit();
    }
}
