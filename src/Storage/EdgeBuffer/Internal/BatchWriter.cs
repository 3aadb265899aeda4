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
/// Microsoft.Data.Sqlite's async methods complete synchronously, so the writer calls the synchronous
/// ones on its pooled thread; callers only ever await the channel and their task.
/// </remarks>
internal sealed class BatchWriter : IDisposable
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

    private void Apply(WriteOp op, BufferTotals work)
    {
        if (op.Cancellation.IsCancellationRequested)
        {
            op.StageCancelled();
            return;
        }

        switch (op)
        {
            case AppendOp append:
                ApplyAppend(append, work);
                break;
            case BatchAppendOp batch:
                ApplyBatchAppend(batch, work);
                break;
            case AckOp ack:
                ApplyAck(ack, work);
                break;
            default:
                throw new InvalidOperationException($"Unknown buffer operation {op.GetType().Name}.");
        }
    }

    private void ApplyAppend(AppendOp op, BufferTotals work)
    {
        try
        {
            op.StageResult(StoreItem(op.Priority, op.Key, op.Created, op.Size, op.Payload, work));
        }
        catch (BufferFullException full)
        {
            work.Rejected[(int)op.Priority]++;
            _rejectedInBatch[(int)op.Priority]++;
            op.StageError(full);
        }
    }

    /// <summary>
    /// All items or none. When the whole burst fits without evicting, no item can fail and the items are
    /// stored directly. Otherwise a savepoint surrounds the op and is rolled back (with the totals) when one
    /// item does not fit, so the caller never holds a half-stored burst; every item of a refused burst counts
    /// as rejected. (A savepoint makes each insert about three times slower, so it is kept to this case.)
    /// </summary>
    private void ApplyBatchAppend(BatchAppendOp op, BufferTotals work)
    {
        var items = op.Items;
        var total = 0L;
        foreach (var item in items)
        {
            total += item.Size;
        }

        if (work.TotalBytes + total <= _options.CapacityBytes)
        {
            StoreAll(op, work);
            return;
        }

        var before = work.Clone();
        var evictedBefore = (long[])_evictedInBatch.Clone();
        _transaction!.Save(BatchSavepoint);
        try
        {
            StoreAll(op, work);
            _transaction.Release(BatchSavepoint);
        }
        catch (BufferFullException full)
        {
            _transaction.Rollback(BatchSavepoint);
            _transaction.Release(BatchSavepoint);
            work.CopyFrom(before);
            evictedBefore.CopyTo(_evictedInBatch, 0);
            foreach (var item in items)
            {
                work.Rejected[(int)item.Priority]++;
                _rejectedInBatch[(int)item.Priority]++;
            }

            op.StageError(new BufferFullException(
                $"Edge buffer full: a batch of {items.Length} items was not stored (none of it): {full.Message}"));
        }
    }

    private void StoreAll(BatchAppendOp op, BufferTotals work)
    {
        var items = op.Items;
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            op.Sequences[i] = StoreItem(item.Priority, item.Key, op.Created, item.Size, item.Payload, work);
        }

        op.StageResult(items.Length);
    }

    /// <summary>
    /// Stores one item under the dedup and capacity rules (README.md) and returns its sequence number (or the
    /// buffered item's, for a buffered key). Throws <see cref="BufferFullException"/> without changing anything
    /// when the item cannot fit.
    /// </summary>
    private long StoreItem(BufferPriority priority, string key, DateTimeOffset created, long size, byte[] payload, BufferTotals work)
    {
        var capacity = _options.CapacityBytes;
        if (work.TotalBytes + size <= capacity)
        {
            // Room without evicting: one statement stores a new key or reports a buffered one.
            if (_commands.InsertIfNew(priority, key, created, size, payload) is { } inserted)
            {
                return Stored(priority, size, inserted, work);
            }

            work.Duplicates++;
            return _commands.FindKey(key) ?? throw new InvalidOperationException($"Key '{key}' conflicted but is not buffered.");
        }

        if (_commands.FindKey(key) is { } existing)
        {
            work.Duplicates++;
            return existing;
        }

        if (!CapacityPolicy.CanMakeRoom(work, priority, size, capacity))
        {
            throw new BufferFullException(
                $"Edge buffer full ({work.TotalBytes} of {capacity} bytes, {work.Count[2]} alerts): " +
                $"no room for a {size}-byte {priority} item '{key}' and nothing it may evict is left.");
        }

        while (work.TotalBytes + size > capacity && CapacityPolicy.NextVictim(work, priority) is { } victim)
        {
            var victimSize = _commands.EvictOldest(victim);
            work.Remove((int)victim, victimSize);
            work.Evicted[(int)victim]++;
            _evictedInBatch[(int)victim]++;
        }

        return Stored(priority, size, _commands.Insert(priority, key, created, size, payload), work);
    }

    private static long Stored(BufferPriority priority, long size, long sequence, BufferTotals work)
    {
        work.Add((int)priority, size);
        work.Appended[(int)priority]++;
        work.LastSequence = sequence;
        return sequence;
    }

    private void ApplyAck(AckOp op, BufferTotals work)
    {
        var deleted = 0L;
        foreach (var range in op.Ranges)
        {
            _commands.DeleteRange(range, (priority, size) =>
            {
                work.Remove(priority, size);
                deleted++;
            });
        }

        work.Acknowledged += deleted;
        op.StageResult(deleted);
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
