using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using TelemetryGateway.Storage.Sqlite;
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
    private readonly WalCheckpointer? _checkpointer;
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
        if (options.CheckpointInterval is { } interval)
        {
            var readWrite = new SqliteConnectionStringBuilder(_readerConnectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();
            _checkpointer = new WalCheckpointer(readWrite, interval, time, ex => SeriesStoreLog.CheckpointFailed(logger, ex, options.Path));
            _checkpointer.Start();
        }
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
        if (options.CheckpointInterval is { } interval)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, "options.CheckpointInterval");
        }
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
        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync().ConfigureAwait(false);
        }
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
            DurableSqlite.Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = -{_options.ReaderCacheKiB}"));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static SqliteConnection OpenWriter(SqliteReadingStoreOptions options) => DurableSqlite.OpenWriter(
        new DurableSqliteSpec(options.Path, "series store", SqliteSchema.Version, SqliteSchema.Create, (message, inner) => new InvalidDataException(message, inner))
        {
            BusyTimeout = options.BusyTimeout,
            VerifyOnOpen = options.VerifyOnOpen,
            Upgrades = SqliteSchema.Upgrades,
            // synchronous=FULL (DurableSqlite): an acknowledged batch survives power loss. The rest: README.md.
            Configure = connection =>
            {
                DurableSqlite.Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = -{options.WriterCacheKiB}"));
                DurableSqlite.Execute(connection, "PRAGMA temp_store = MEMORY");
                DurableSqlite.Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA wal_autocheckpoint = {options.WalAutoCheckpointPages}"));
                DurableSqlite.Execute(connection, "PRAGMA journal_size_limit = 67108864");
            },
        });
}
