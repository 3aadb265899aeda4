using System.Threading.Channels;
using TelemetryGateway.Storage.EdgeBuffer.Internal;

namespace TelemetryGateway.Storage.EdgeBuffer;

public sealed partial class EdgeBufferStore
{
    /// <summary>
    /// Stores an item and returns its sequence number once the transaction holding it is durable.
    /// If an item with the same <paramref name="dedupKey"/> is still buffered, nothing is stored and that
    /// item's sequence number is returned. Cancelling before the writer reaches the item withdraws it
    /// (<see cref="OperationCanceledException"/>); once written, the task reports the commit.
    /// </summary>
    /// <exception cref="BufferFullException">At capacity and nothing this item may evict is left.</exception>
    /// <exception cref="BufferWriteException">The transaction failed (disk full, I/O error); not stored.</exception>
    public async Task<long> AppendAsync(
        BufferPriority priority, string dedupKey, byte[] payload, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(priority))
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "Unknown buffer priority.");
        }

        ArgumentException.ThrowIfNullOrEmpty(dedupKey);
        ArgumentNullException.ThrowIfNull(payload);

        // Copy: the caller may reuse its array before the writer reaches this item.
        var op = new AppendOp(priority, dedupKey, _time.GetUtcNow(), payload.ToArray(), ct);
        await EnqueueAsync(op, ct).ConfigureAwait(false);
        return await op.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a burst of items in one transaction and returns their sequence numbers, in the order given, once
    /// it is durable. Same rules as <see cref="AppendAsync"/> per item (a buffered key, or a key repeated in the
    /// burst, yields the buffered item's number; eviction at capacity), but all or nothing: when one item
    /// cannot fit, none is stored and the call fails with <see cref="BufferFullException"/>.
    /// </summary>
    /// <exception cref="BufferFullException">At capacity and nothing an item may evict is left; nothing stored.</exception>
    /// <exception cref="BufferWriteException">The transaction failed (disk full, I/O error); nothing stored.</exception>
    public async Task<IReadOnlyList<long>> AppendBatchAsync(
        IReadOnlyList<(BufferPriority Priority, string Key, byte[] Payload)> items, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            ThrowIfDisposed();
            return [];
        }

        var batch = new BatchItem[items.Count];
        for (var i = 0; i < batch.Length; i++)
        {
            var (priority, key, payload) = items[i];
            if (!Enum.IsDefined(priority))
            {
                throw new ArgumentOutOfRangeException(nameof(items), priority, $"Item {i}: unknown buffer priority.");
            }

            ArgumentException.ThrowIfNullOrEmpty(key, nameof(items));
            ArgumentNullException.ThrowIfNull(payload, nameof(items));

            // Copy: the caller may reuse its arrays before the writer reaches this batch.
            batch[i] = new BatchItem(priority, key, payload.ToArray(), ItemSize(key, payload.Length));
        }

        var op = new BatchAppendOp(batch, _time.GetUtcNow(), ct);
        await EnqueueAsync(op, ct).ConfigureAwait(false);
        await op.Task.ConfigureAwait(false);
        return op.Sequences;
    }

    /// <summary>
    /// Up to <paramref name="maxCount"/> items with sequence &gt; <paramref name="afterSequence"/> and
    /// priority in [<paramref name="minPriority"/>, <paramref name="maxPriority"/>], in sequence order,
    /// stopping before <paramref name="maxBytes"/> would be exceeded (the first item is always returned).
    /// Reading does not remove anything.
    /// </summary>
    public Task<IReadOnlyList<BufferedItem>> ReadBatchAsync(
        long afterSequence,
        BufferPriority? minPriority,
        int maxCount,
        long maxBytes,
        BufferPriority? maxPriority = null,
        CancellationToken ct = default)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        return _reader.ReadBatchAsync(
            afterSequence, minPriority ?? BufferPriority.Bulk, maxPriority ?? BufferPriority.Alert, maxCount, maxBytes, ct);
    }

    /// <summary>
    /// Deletes exactly the given sequence numbers (those the hub reports durable) and returns how many
    /// were still buffered. Unknown, evicted or already acknowledged numbers are ignored.
    /// </summary>
    public Task<long> AcknowledgeAsync(IEnumerable<long> sequences, CancellationToken ct = default) =>
        AcknowledgeRangesAsync(SequenceRange.FromSequences(sequences), ct);

    /// <summary>
    /// Deletes every buffered item inside the given inclusive ranges and returns how many there were.
    /// A range claims that the hub holds every number in it (README.md, "Acknowledgement").
    /// </summary>
    public async Task<long> AcknowledgeRangesAsync(IReadOnlyCollection<SequenceRange> ranges, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        if (ranges.Count == 0)
        {
            ThrowIfDisposed();
            return 0;
        }

        var op = new AckOp([.. ranges], ct);
        await EnqueueAsync(op, ct).ConfigureAwait(false);
        return await op.Task.ConfigureAwait(false);
    }

    private async ValueTask EnqueueAsync(WriteOp op, CancellationToken ct)
    {
        ThrowIfDisposed();
        try
        {
            await _queue.Writer.WriteAsync(op, ct).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            if (ex.InnerException is BufferWriteException stopped)
            {
                throw new BufferWriteException(stopped.Message, ex);
            }

            throw new ObjectDisposedException(nameof(EdgeBufferStore), ex);
        }
    }
}
