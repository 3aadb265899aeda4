using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using TelemetryGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Storage.EdgeBuffer.Internal;

/// <summary>
/// Group commit: the only writer of the file. It takes whatever operations are queued (up to
/// <see cref="EdgeBufferOptions.MaxBatchSize"/>), applies them in one transaction, commits, and only then
/// completes each caller's task. There is no timer: a lone append is committed at once, and appends
/// that arrive during a commit form the next batch, so the wait is at most one commit.
/// </summary>
/// <remarks>
/// <para>
/// Microsoft.Data.Sqlite's async methods complete synchronously, so the writer calls the synchronous
/// ones on its pooled thread; callers only ever await the channel and their task.
/// </para>
/// <para>Parts: the loop, the transaction and its outcome here; what each operation does inside it (dedup,
/// capacity, eviction, acknowledgement) in BatchWriter.Apply.cs.</para>
/// </remarks>
internal sealed partial class BatchWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly WriterCommands _commands;
    private readonly ChannelReader<WriteOp> _queue;
    private readonly EdgeBufferOptions _options;
    private readonly ILogger _logger;
    private readonly long[] _evictedInBatch = new long[BufferTotals.Classes];
    private readonly long[] _rejectedInBatch = new long[BufferTotals.Classes];
    private const string BatchSavepoint = "batch_append";
    private BufferTotals _totals;
    private SqliteTransaction? _transaction;
    private bool _totalsStale;
    private long _transactions;
    private long _failedTransactions;

    public BatchWriter(SqliteConnection connection, ChannelReader<WriteOp> queue, EdgeBufferOptions options, ILogger logger)
    {
        _connection = connection;
        _queue = queue;
        _options = options;
        _logger = logger;
        _commands = new WriterCommands(connection);
        _totals = LoadTotals(new BufferTotals());
    }

    /// <summary>The totals as of the last commit.</summary>
    public BufferTotals Totals => Volatile.Read(ref _totals);

    public long Transactions => Interlocked.Read(ref _transactions);

    public long FailedTransactions => Interlocked.Read(ref _failedTransactions);

    /// <summary>Test hook: runs inside each transaction before its operations (fault injection).</summary>
    internal Action<SqliteConnection, SqliteTransaction>? BeforeApply { get; set; }

    /// <summary>Runs until the queue is completed and drained.</summary>
    public async Task RunAsync()
    {
        var batch = new List<WriteOp>(_options.MaxBatchSize);
        while (await _queue.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _options.MaxBatchSize && _queue.TryRead(out var op))
            {
                batch.Add(op);
            }

            Commit(batch);
            batch.Clear();
        }
    }

    public void Dispose() => _commands.Dispose();

    private void Commit(List<WriteOp> batch)
    {
        SqliteTransaction? transaction = null;
        try
        {
            if (_totalsStale)
            {
                Volatile.Write(ref _totals, LoadTotals(_totals));
                _totalsStale = false;
            }

            var work = _totals.Clone();
            Array.Clear(_evictedInBatch);
            Array.Clear(_rejectedInBatch);
            transaction = _connection.BeginTransaction();
            _transaction = transaction;
            _commands.Enlist(transaction);
            BeforeApply?.Invoke(_connection, transaction);
            foreach (var op in batch)
            {
                Apply(op, work);
            }

            transaction.Commit();
            Volatile.Write(ref _totals, work);
            Interlocked.Increment(ref _transactions);
        }
        catch (Exception ex)
        {
            Abandon(transaction, batch, ex);
            return;
        }
        finally
        {
            _commands.Enlist(null);
            _transaction = null;
            DisposeQuietly(transaction);
        }

        foreach (var op in batch)
        {
            op.Complete();
        }

        LogCapacityEvents();
    }

    private void Abandon(SqliteTransaction? transaction, List<WriteOp> batch, Exception cause)
    {
        Interlocked.Increment(ref _failedTransactions);
        _totalsStale = true;
        EdgeBufferLog.BatchFailed(_logger, cause, batch.Count, _options.Path);
        try
        {
            transaction?.Rollback();
        }
        catch (Exception rollbackError)
        {
            // SQLite rolls back by itself after some errors (e.g. SQLITE_FULL during COMMIT).
            EdgeBufferLog.RollbackFailed(_logger, rollbackError);
        }

        var error = new BufferWriteException(
            $"Edge buffer '{_options.Path}' could not commit a batch of {batch.Count} operations; none of them took " +
            $"effect and items committed earlier are intact: {cause.Message}",
            cause);
        foreach (var op in batch)
        {
            op.Fail(error);
        }
    }

    private void DisposeQuietly(SqliteTransaction? transaction)
    {
        try
        {
            transaction?.Dispose();
        }
        catch (Exception ex)
        {
            EdgeBufferLog.RollbackFailed(_logger, ex);
        }
    }

    private BufferTotals LoadTotals(BufferTotals counters)
    {
        var totals = counters.Clone();
        Array.Clear(totals.Count);
        Array.Clear(totals.Bytes);
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = Schema.Totals;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var priority = reader.GetInt32(0);
                totals.Count[priority] = reader.GetInt64(1);
                totals.Bytes[priority] = reader.GetInt64(2);
            }
        }

        totals.LastSequence = (long)DurableSqlite.Scalar(_connection, Schema.LastSequence)!;
        return totals;
    }

    private void LogCapacityEvents()
    {
        for (var c = 0; c < BufferTotals.Classes; c++)
        {
            if (_evictedInBatch[c] > 0)
            {
                EdgeBufferLog.Evicted(_logger, _evictedInBatch[c], (BufferPriority)c, _options.Path);
            }

            if (_rejectedInBatch[c] > 0)
            {
                EdgeBufferLog.Rejected(_logger, _rejectedInBatch[c], (BufferPriority)c, _options.Path);
            }
        }
    }
}
