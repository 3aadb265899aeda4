namespace TelemetryGateway.Storage.EdgeBuffer.Internal;

// Each operation inside the batch transaction: appends under the dedup and capacity rules, acknowledgements.
internal sealed partial class BatchWriter
{
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
}
