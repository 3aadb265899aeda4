namespace TelemetryGateway.Storage.EdgeBuffer;

/// <summary>
/// The append was rejected because the buffer is at capacity and nothing it may evict is left (only
/// alerts, or only items more urgent than the one appended). The item was not stored.
/// </summary>
public sealed class BufferFullException : Exception
{
    public BufferFullException(string message)
        : base(message)
    {
    }

    public BufferFullException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
