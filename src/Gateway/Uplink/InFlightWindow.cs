using System.Collections.Concurrent;

namespace TelemetryGateway.Gateway.Uplink;

/// <summary>A batch sent and not yet acknowledged.</summary>
/// <param name="Urgent">Live vitals or alerts (the urgent band) rather than back-fill.</param>
/// <param name="Count">Readings in it.</param>
/// <param name="SentAt">Timestamp (TimeProvider.GetTimestamp) when it was written.</param>
internal readonly record struct InFlightBatch(bool Urgent, int Count, long SentAt);

/// <summary>
/// Batches sent and not yet acknowledged, in send order (the hub acks in order, telemetry.proto step 3).
/// At most <c>maxBatches</c> in flight, of which at most <c>maxBulkBatches</c> back-fill: the remaining
/// slots stay free for live vitals, so a backlog can never take every slot, and the back-fill queued ahead
/// of a live batch at the hub stays short.
/// </summary>
internal sealed class InFlightWindow(int maxBatches, int maxBulkBatches)
{
    private readonly ConcurrentQueue<InFlightBatch> _batches = new();
    private int _total;
    private int _bulk;

    public int Count => Volatile.Read(ref _total);

    public bool CanSendUrgent => Volatile.Read(ref _total) < maxBatches;

    public bool CanSendBulk => CanSendUrgent && Volatile.Read(ref _bulk) < maxBulkBatches;

    /// <summary>Records a batch about to be written (before the write, so an immediate ack finds it).</summary>
    public void Add(InFlightBatch batch)
    {
        _batches.Enqueue(batch);
        Interlocked.Increment(ref _total);
        if (!batch.Urgent)
        {
            Interlocked.Increment(ref _bulk);
        }
    }

    /// <summary>The oldest batch, which the ack just received answers; null if none is in flight.</summary>
    public InFlightBatch? Complete()
    {
        if (!_batches.TryDequeue(out var batch))
        {
            return null;
        }

        Interlocked.Decrement(ref _total);
        if (!batch.Urgent)
        {
            Interlocked.Decrement(ref _bulk);
        }

        return batch;
    }
}
