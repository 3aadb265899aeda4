namespace TelemetryGateway.Storage.EdgeBuffer;

/// <summary>
/// The transaction holding this operation could not be committed (disk full, I/O error, ...). The
/// operation had no effect; items committed earlier are untouched. The inner exception says why.
/// </summary>
public sealed class BufferWriteException : Exception
{
    public BufferWriteException(string message)
        : base(message)
    {
    }

    public BufferWriteException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
