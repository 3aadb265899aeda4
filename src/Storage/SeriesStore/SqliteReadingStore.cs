using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Storage.SeriesStore.Internal;

namespace TelemetryGateway.Storage.SeriesStore;

/// <summary>The embedded default <see cref="IReadingStore"/>: one SQLite file in WAL mode.</summary>
/// <remarks>
/// One writer loop owns the write connection: it takes the batches queued by <see cref="WriteAsync"/>,
/// stores them in one IMMEDIATE transaction (each batch under its own savepoint) through a prepared insert,
/// and completes each caller's task after the commit; <c>synchronous=FULL</c> makes the commit fsync the
/// WAL, so a completed <see cref="WriteAsync"/> survives power loss. Queries run on pooled read-only connections,
/// which WAL lets read a consistent snapshot while the writer commits. See README.md for the choices.
/// </remarks>
public sealed partial class SqliteReadingStore : IReadingStore
{
    private readonly SqliteReadingStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SqliteConnection _writer;
    private readonly InsertStatement _insert;
    private readonly string _readerConnectionString;
    // Unbounded: every queued request has a caller awaiting it, so the queue is as deep as the hub's
    // concurrent uploads, which the ingest service bounds.
    private readonly Channel<WriteRequest> _queue = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writerLoop;
    private volatile bool _writeFaulted;
    private volatile bool _disposed;

    private SqliteReadingStore(SqliteReadingStoreOptions options, TimeProvider time, ILogger logger, SqliteConnection writer)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _writer = writer;
        _insert = new InsertStatement(writer);
        _readerConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        _writerLoop = Task.Run(RunWriterAsync);
    }

    /// <summary>Opens (creating when missing) the store at <see cref="SqliteReadingStoreOptions.Path"/>.</summary>
    /// <param name="options">File and cache settings.</param>
    /// <param name="timeProvider">Clock for <see cref="StoredReading.StoredAt"/>; the system clock when null.</param>
    /// <param name="logger">Logger; none when null.</param>
    /// <param name="cancellationToken">Cancels before the file is opened.</param>
    /// <exception cref="InvalidDataException">The file is not an intact SQLite database or cannot use WAL.</exception>
    /// <exception cref="NotSupportedException">The file has a newer schema than this build knows.</exception>
    public static Task<SqliteReadingStore> OpenAsync(
        SqliteReadingStoreOptions options,
        TimeProvider? timeProvider = null,
        ILogger<SqliteReadingStore>? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Path);
        return Task.Run(() =>
        {
            var writer = OpenWriter(options);
            try
            {
                var store = new SqliteReadingStore(options, timeProvider ?? TimeProvider.System, (ILogger?)logger ?? NullLogger.Instance, writer);
                SeriesStoreLog.Opened(store._logger, options.Path);
                return store;
            }
            catch
            {
                writer.Dispose();
                throw;
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        if (_disposed || _writeFaulted)
        {
            return false;
        }
        try
        {
            await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM (SELECT 1 FROM readings LIMIT 1)";
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>Stores the batches already queued, then closes the file and releases pooled readers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _queue.Writer.TryComplete();
        await _writerLoop.ConfigureAwait(false);
        _insert.Dispose();
        _writer.Dispose();
        using (var pooled = new SqliteConnection(_readerConnectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }
        SeriesStoreLog.Closed(_logger, _options.Path);
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_readerConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = -{_options.ReaderCacheKiB}"));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static SqliteConnection OpenWriter(SqliteReadingStoreOptions options)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString());
        try
        {
            connection.Open();
            var mode = Scalar(connection, "PRAGMA journal_mode = WAL") as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"'{options.Path}' could not be put in WAL mode (journal_mode is '{mode}').");
            }
            // FULL: the WAL is fsynced at every commit, so an acknowledged batch survives power loss
            // (NORMAL would only survive a process crash). The rest is explained in README.md.
            Execute(connection, "PRAGMA synchronous = FULL");
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = -{options.WriterCacheKiB}"));
            Execute(connection, "PRAGMA temp_store = MEMORY");
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA wal_autocheckpoint = {options.WalAutoCheckpointPages}"));
            Execute(connection, "PRAGMA journal_size_limit = 67108864");
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
            throw new InvalidDataException($"'{options.Path}' is not an intact SQLite database: {ex.Message}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void CreateSchema(SqliteConnection connection, string path)
    {
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (version > SqliteSchema.Version)
        {
            throw new NotSupportedException($"'{path}' has series store schema version {version}; this build knows up to {SqliteSchema.Version}.");
        }
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqliteSchema.Create;
        command.ExecuteNonQuery();
        transaction.Commit();
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
            throw new InvalidDataException($"'{path}' failed PRAGMA quick_check: {string.Join("; ", problems.Take(5))}");
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
