using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Storage.EdgeBuffer.Internal;
using TelemetryGateway.Storage.Sqlite;

namespace TelemetryGateway.Storage.EdgeBuffer;

/// <summary>
/// The gateway's durable store-and-forward buffer: a SQLite file in WAL mode with
/// <c>synchronous=FULL</c>. An item is accepted when <see cref="AppendAsync"/> returns its sequence
/// number, which happens only after the transaction holding it is committed and fsynced. Items leave
/// only when acknowledged or, at capacity, evicted by the documented policy. See README.md.
/// </summary>
/// <remarks>One instance per file and per process; all members are safe to call concurrently.</remarks>
public sealed partial class EdgeBufferStore : IAsyncDisposable
{
    private readonly EdgeBufferOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Microsoft.Data.Sqlite.SqliteConnection _connection;
    private readonly Channel<WriteOp> _queue;
    private readonly BatchWriter _writer;
    private readonly BufferReader _reader;
    private readonly Task _writerTask;
    private readonly WalCheckpointer? _checkpointer;
    private int _disposed;

    private EdgeBufferStore(
        EdgeBufferOptions options, TimeProvider time, ILogger logger, Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _connection = connection;
        _queue = Channel.CreateBounded<WriteOp>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = new BatchWriter(connection, _queue.Reader, options, logger);
        _reader = new BufferReader(Database.ReaderConnectionString(options.Path));
        _writerTask = Task.Run(RunWriterAsync);
        if (options.CheckpointInterval is { } interval)
        {
            _checkpointer = new WalCheckpointer(Database.ReaderConnectionString(options.Path), interval, time, ex => EdgeBufferLog.CheckpointFailed(logger, ex));
            _checkpointer.Start();
        }
    }

    /// <summary>Path of the database file.</summary>
    public string Path => _options.Path;

    /// <summary>Transactions committed since opening; group commit keeps this well below the appends.</summary>
    public long CommittedTransactions => _writer.Transactions;

    /// <summary>Test hook: runs inside every write transaction before its operations.</summary>
    internal Action<Microsoft.Data.Sqlite.SqliteConnection, Microsoft.Data.Sqlite.SqliteTransaction>? BeforeApply
    {
        get => _writer.BeforeApply;
        set => _writer.BeforeApply = value;
    }

    /// <summary>
    /// Bytes an item counts against the capacity: its payload plus its UTF-8 key. Row and index overhead
    /// is not counted, so the file is somewhat larger than the capacity.
    /// </summary>
    public static long ItemSize(string dedupKey, int payloadLength) =>
        payloadLength + Encoding.UTF8.GetByteCount(dedupKey);

    /// <summary>
    /// Opens (or creates) the buffer: WAL mode, <c>synchronous=FULL</c>, <c>PRAGMA quick_check</c>
    /// (unless turned off), schema. Throws <see cref="BufferCorruptException"/> for a damaged file.
    /// </summary>
    public static async Task<EdgeBufferStore> OpenAsync(
        EdgeBufferOptions options, TimeProvider? time = null, ILogger? logger = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        logger ??= NullLogger.Instance;

        // Opening and checking the file is blocking I/O; keep it off the caller's thread.
        var connection = await Task.Run(() => Database.OpenWriter(options), ct).ConfigureAwait(false);
        var buffer = new EdgeBufferStore(options, time ?? TimeProvider.System, logger, connection);
        var totals = buffer._writer.Totals;
        EdgeBufferLog.Opened(logger, options.Path, totals.Count.Sum(), totals.TotalBytes, totals.LastSequence);
        return buffer;
    }

    /// <summary>Counts, bytes, oldest item per class and the event counters.</summary>
    public async Task<EdgeBufferStats> GetStatsAsync(CancellationToken ct = default)
    {
        ThrowIfDisposed();
        var oldest = await _reader.OldestCreatedAsync(ct).ConfigureAwait(false);
        var totals = _writer.Totals;
        var priorities = new PriorityStats[BufferTotals.Classes];
        for (var c = 0; c < priorities.Length; c++)
        {
            priorities[c] = new PriorityStats(
                (BufferPriority)c,
                totals.Count[c],
                totals.Bytes[c],
                totals.Count[c] > 0 ? oldest[c] : null,
                totals.Appended[c],
                totals.Evicted[c],
                totals.Rejected[c]);
        }

        return new EdgeBufferStats(
            priorities,
            _options.CapacityBytes,
            totals.LastSequence,
            totals.Duplicates,
            totals.Acknowledged,
            _writer.Transactions,
            _writer.FailedTransactions);
    }

    /// <summary>Commits what is queued, then closes the file. Later calls fail with ObjectDisposedException.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync().ConfigureAwait(false);
        }

        _queue.Writer.TryComplete();
        await _writerTask.ConfigureAwait(false);
        _writer.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
        _reader.ClearPool();
        EdgeBufferLog.Closed(_logger, _options.Path);
    }

    private async Task RunWriterAsync()
    {
        try
        {
            await _writer.RunAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Not expected: BatchWriter turns every SQLite error into failed callers. If it happens anyway,
            // refuse new writes and fail the queued ones rather than leave callers waiting forever.
            EdgeBufferLog.WriterStopped(_logger, ex, _options.Path);
            var error = new BufferWriteException($"Edge buffer '{_options.Path}' writer stopped: {ex.Message}", ex);
            _queue.Writer.TryComplete(error);
            while (_queue.Reader.TryRead(out var op))
            {
                op.Fail(error);
            }
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
