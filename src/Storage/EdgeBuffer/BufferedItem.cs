namespace TelemetryGateway.Storage.EdgeBuffer;

/// <summary>One committed item as read back for sending.</summary>
/// <param name="Sequence">Durable local sequence number: strictly increasing, never reused.</param>
/// <param name="Priority">Latency class.</param>
/// <param name="DedupKey">Idempotency key given at append; the hub uses it to drop replays.</param>
/// <param name="Created">Gateway time at which the item was handed to <see cref="EdgeBufferStore.AppendAsync"/>.</param>
/// <param name="Payload">Opaque payload bytes, exactly as appended.</param>
public sealed record BufferedItem(
    long Sequence,
    BufferPriority Priority,
    string DedupKey,
    DateTimeOffset Created,
    byte[] Payload)
{
    /// <summary>Bytes this item counts against the capacity (see <see cref="EdgeBufferStore.ItemSize"/>).</summary>
    public long Size => EdgeBufferStore.ItemSize(DedupKey, Payload.Length);
}
