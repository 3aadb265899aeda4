namespace TelemetryGateway.Storage.EdgeBuffer;

/// <summary>The database file failed verification when opened; it is not used.</summary>
public sealed class BufferCorruptException : Exception
{
    public BufferCorruptException(string message)
        : base(message)
    {
    }

    public BufferCorruptException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
