namespace TelemetryGateway.Storage.EdgeBuffer.Internal;

/// <summary>
/// One request to the writer. Its outcome is staged while the transaction runs and released to the
/// caller only after the commit (or, on failure, replaced by the failure).
/// </summary>
internal abstract class WriteOp(CancellationToken cancellation)
{
    private readonly TaskCompletionSource<long> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _result;
    private Exception? _error;

    public CancellationToken Cancellation { get; } = cancellation;

    public Task<long> Task => _completion.Task;

    /// <summary>True when the op was skipped because its caller gave up before the writer reached it.</summary>
    public bool Cancelled { get; private set; }

    public void StageResult(long result) => _result = result;

    public void StageError(Exception error) => _error = error;

    public void StageCancelled() => Cancelled = true;

    /// <summary>Releases the staged outcome; called once the transaction is committed.</summary>
    public void Complete()
    {
        if (Cancelled)
        {
            _completion.TrySetCanceled(Cancellation);
        }
        else if (_error is not null)
        {
            _completion.TrySetException(_error);
        }
        else
        {
            _completion.TrySetResult(_result);
        }
    }

    /// <summary>Fails the op: its transaction did not commit, so nothing it staged happened.</summary>
    public void Fail(Exception error)
    {
        if (Cancelled)
        {
            _completion.TrySetCanceled(Cancellation);
        }
        else
        {
            _completion.TrySetException(error);
        }
    }
}

/// <summary>Append one item; the result is its sequence number.</summary>
internal sealed class AppendOp(
    BufferPriority priority, string key, DateTimeOffset created, byte[] payload, CancellationToken cancellation)
    : WriteOp(cancellation)
{
    public BufferPriority Priority { get; } = priority;

    public string Key { get; } = key;

    public DateTimeOffset Created { get; } = created;

    public byte[] Payload { get; } = payload;

    public long Size { get; } = EdgeBufferStore.ItemSize(key, payload.Length);
}

/// <summary>One item of a <see cref="BatchAppendOp"/>.</summary>
internal readonly record struct BatchItem(BufferPriority Priority, string Key, byte[] Payload, long Size);

/// <summary>
/// Append many items in one transaction, all or nothing: if one of them cannot be stored (buffer full),
/// none is. The result is the item count; <see cref="Sequences"/> holds each item's sequence number.
/// </summary>
internal sealed class BatchAppendOp(BatchItem[] items, DateTimeOffset created, CancellationToken cancellation)
    : WriteOp(cancellation)
{
    public BatchItem[] Items { get; } = items;

    public DateTimeOffset Created { get; } = created;

    /// <summary>Filled by the writer; valid once <see cref="WriteOp.Task"/> completed successfully.</summary>
    public long[] Sequences { get; } = new long[items.Length];
}

/// <summary>Delete acknowledged ranges; the result is the number of items deleted.</summary>
internal sealed class AckOp(IReadOnlyList<SequenceRange> ranges, CancellationToken cancellation)
    : WriteOp(cancellation)
{
    public IReadOnlyList<SequenceRange> Ranges { get; } = ranges;
}
