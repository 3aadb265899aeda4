using Microsoft.Data.Sqlite;

namespace TelemetryGateway.Storage.EdgeBuffer.Internal;

/// <summary>Opens, configures and verifies the buffer's SQLite file.</summary>
internal static class Database
{
    /// <summary>Connection string of the pooled read connections.</summary>
    public static string ReaderConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWrite,
        Pooling = true,
    }.ToString();

    /// <summary>
    /// Opens the single write connection: WAL journal, <c>synchronous=FULL</c> (a commit returns only after
    /// the WAL is fsynced, so "accepted" survives power loss, not only a process kill), then verifies the
    /// file and creates the schema.
    /// </summary>
    public static SqliteConnection OpenWriter(EdgeBufferOptions options)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            var mode = Scalar(connection, "PRAGMA journal_mode = WAL") as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new BufferCorruptException($"'{options.Path}' could not be put in WAL mode (journal_mode is '{mode}').");
            }

            Execute(connection, "PRAGMA synchronous = FULL");
            if (options.CheckpointInterval is not null)
            {
                // The Checkpointer copies the WAL in the background instead (EdgeBufferOptions.CheckpointInterval).
                Execute(connection, "PRAGMA wal_autocheckpoint = 0");
            }
            if (options.VerifyOnOpen)
            {
                Verify(connection, options.Path);
            }

            CreateSchema(connection, options.Path);
            return connection;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 11 or 26) // SQLITE_CORRUPT, SQLITE_NOTADB
        {
            connection.Dispose();
            throw new BufferCorruptException($"'{options.Path}' is not an intact SQLite database: {ex.Message}", ex);
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

    private static void Verify(SqliteConnection connection, string path)
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
            throw new BufferCorruptException($"'{path}' failed PRAGMA quick_check: {string.Join("; ", problems.Take(5))}");
        }
    }

    private static void CreateSchema(SqliteConnection connection, string path)
    {
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Schema.Version)
        {
            throw new NotSupportedException($"'{path}' has buffer schema version {version}; this build knows up to {Schema.Version}.");
        }

        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Schema.Create;
        command.ExecuteNonQuery();
        transaction.Commit();
    }
}
