using Microsoft.Data.Sqlite;
using TelemetryGateway.Core;
using TelemetryGateway.Storage.SeriesStore.Internal;

namespace TelemetryGateway.Storage.SeriesStore;

public sealed partial class SqliteReadingStore
{
    /// <inheritdoc />
    /// <remarks>The batch is queued to the single writer loop, which commits it, possibly together with
    /// batches of other gateways queued meanwhile, and completes the task only after that commit.</remarks>
    public string? CannotStore(Reading reading) => BatchCheck.CannotStore(reading);

    public Task<StoreWriteResult> WriteAsync(
        IReadOnlyList<Reading> readings, string gatewayId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentException.ThrowIfNullOrEmpty(gatewayId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return WriteRequest.Enqueue(_queue.Writer, readings, BatchCheck.KeysOf(readings), gatewayId, GetType().FullName, cancellationToken);
    }

    /// <summary>
    /// The only code that writes. Takes every queued batch up to <see cref="SqliteReadingStoreOptions.MaxRowsPerCommit"/>
    /// rows (a batch is never split) and stores them in one transaction: one fsync for all of them, which is
    /// what lets many gateways' small batches reach the rate of a few large ones.
    /// </summary>
    private async Task RunWriterAsync()
    {
        var group = new List<WriteRequest>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            var rows = 0;
            WriteRequest.TakeFitting(reader, group, ref rows, _options.MaxRowsPerCommit);
            if (group.Count > 0)
            {
                try
                {
                    CommitGroup(group);
                }
                catch (Exception ex)
                {
                    // CommitGroup handles store failures itself; this is a bug, but callers must not hang on it.
                    foreach (var request in group)
                    {
                        request.Completion.TrySetException(ex);
                    }
                }
            }
        }
    }

    /// <summary>Stores each batch of <paramref name="group"/> under its own savepoint inside one transaction, so
    /// that a batch that fails or is cancelled is undone alone; then commits and completes every batch.</summary>
    private void CommitGroup(List<WriteRequest> group)
    {
        var storedTicks = _time.GetUtcNow().UtcTicks;
        var failures = new Exception?[group.Count];
        SqliteTransaction? transaction = null;
        try
        {
            transaction = _writer.BeginTransaction(deferred: false);
            _insert.Transaction = transaction;
            for (var i = 0; i < group.Count; i++)
            {
                transaction.Save("batch");
                try
                {
                    group[i].Result = InsertBatch(group[i], storedTicks);
                    transaction.Release("batch");
                }
                catch (Exception ex) when (ex is not SqliteException || IsBatchLocal((SqliteException)ex))
                {
                    // Undo this batch alone; if that fails the transaction is gone and the outer handler fails all.
                    transaction.Rollback("batch");
                    transaction.Release("batch");
                    failures[i] = ex;
                    if (ex is not OperationCanceledException)
                    {
                        SeriesStoreLog.BatchFailed(_logger, ex, group[i].Keys.Length, group[i].GatewayId, _options.Path);
                    }
                }
            }
            transaction.Commit();
        }
        catch (Exception ex)
        {
            _writeFaulted = true;
            SeriesStoreLog.WriteFailed(_logger, ex, group.Sum(r => r.Keys.Length), string.Join(",", group.Select(r => r.GatewayId).Distinct()), _options.Path);
            if (transaction is not null)
            {
                Rollback(transaction);
            }
            Array.Fill(failures, ex);
        }
        finally
        {
            _insert.Transaction = null;
            transaction?.Dispose();
        }

        if (failures.All(f => f is null or OperationCanceledException))
        {
            _writeFaulted = false;
        }
        for (var i = 0; i < group.Count; i++)
        {
            Complete(group[i], failures[i]);
        }
    }

    /// <summary>Inserts one batch inside the open transaction.</summary>
    private StoreWriteResult InsertBatch(WriteRequest request, long storedTicks)
    {
        int inserted = 0, duplicates = 0, conflicts = 0;
        for (var i = 0; i < request.Keys.Length; i++)
        {
            request.Cancellation.ThrowIfCancellationRequested();
            var reading = request.Readings[i];
            var key = request.Keys[i];
            if (_insert.TryInsert(reading, key, storedTicks, request.GatewayId))
            {
                inserted++;
                continue;
            }
            duplicates++;
            if (_insert.ConflictsWithStored(reading, key))
            {
                conflicts++;
                request.FirstConflict ??= key;
            }
        }
        return new StoreWriteResult(inserted, duplicates, conflicts);
    }

    private void Complete(WriteRequest request, Exception? failure)
    {
        switch (failure)
        {
            case null:
                if (request.FirstConflict is { } key)
                {
                    SeriesStoreLog.Conflicts(_logger, request.Result.Conflicts, request.GatewayId, key.ToString(), _options.Path);
                }
                request.Completion.TrySetResult(request.Result);
                break;
            case OperationCanceledException when request.Cancellation.IsCancellationRequested:
                request.Completion.TrySetCanceled(request.Cancellation);
                break;
            default:
                request.Completion.TrySetException(failure);
                break;
        }
    }

    /// <summary>Errors that concern one batch's rows (a constraint), after which the transaction is intact;
    /// anything else (I/O, full disk, corruption) may have rolled the whole transaction back.</summary>
    private static bool IsBatchLocal(SqliteException ex) => ex.SqliteErrorCode is 19 or 20 or 25; // CONSTRAINT, MISMATCH, RANGE

    private void Rollback(SqliteTransaction transaction)
    {
        try
        {
            // After a failed COMMIT or an I/O error SQLite may already have rolled back: nothing left to undo.
            if (transaction.Connection is not null && InTransaction())
            {
                transaction.Rollback();
            }
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
        {
            SeriesStoreLog.RollbackFailed(_logger, ex, _options.Path);
        }
    }

    /// <summary>SQLite's own view: false once it has rolled a failed transaction back by itself.</summary>
    private bool InTransaction() => SQLitePCL.raw.sqlite3_get_autocommit(_writer.Handle) == 0;
}
