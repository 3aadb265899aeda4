using Microsoft.Data.Sqlite;
using TelemetryGateway.Storage.Sqlite;

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
    /// Opens the single write connection (WAL, <c>synchronous=FULL</c>: see <see cref="DurableSqlite"/>), then
    /// verifies the file and creates the schema.
    /// </summary>
    public static SqliteConnection OpenWriter(EdgeBufferOptions options) => DurableSqlite.OpenWriter(
        new DurableSqliteSpec(options.Path, "buffer", Schema.Version, Schema.Create, (message, inner) => inner is null ? new BufferCorruptException(message) : new BufferCorruptException(message, inner))
        {
            VerifyOnOpen = options.VerifyOnOpen,
            Configure = connection =>
            {
                if (options.CheckpointInterval is not null)
                {
                    // The Checkpointer copies the WAL in the background instead (EdgeBufferOptions.CheckpointInterval).
                    DurableSqlite.Execute(connection, "PRAGMA wal_autocheckpoint = 0");
                }
            },
        });
}
