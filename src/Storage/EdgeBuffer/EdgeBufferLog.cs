using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Storage.EdgeBuffer;

/// <summary>Log messages of the edge buffer; event ids 100–199 are stable.</summary>
internal static partial class EdgeBufferLog
{
    [LoggerMessage(100, LogLevel.Information, "Edge buffer {Path} opened: {Count} items, {Bytes} bytes buffered, last sequence {LastSequence}")]
    public static partial void Opened(ILogger logger, string path, long count, long bytes, long lastSequence);

    [LoggerMessage(101, LogLevel.Information, "Edge buffer {Path} closed")]
    public static partial void Closed(ILogger logger, string path);

    [LoggerMessage(102, LogLevel.Warning, "Edge buffer {Path} at capacity: evicted the {Count} oldest {Priority} items")]
    public static partial void Evicted(ILogger logger, long count, BufferPriority priority, string path);

    [LoggerMessage(103, LogLevel.Error, "Edge buffer {Path} full: rejected {Count} {Priority} appends")]
    public static partial void Rejected(ILogger logger, long count, BufferPriority priority, string path);

    [LoggerMessage(104, LogLevel.Error, "Edge buffer {Path}: a batch of {Count} operations failed to commit and was rolled back")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count, string path);

    [LoggerMessage(105, LogLevel.Warning, "Edge buffer: rolling back a failed transaction raised an error")]
    public static partial void RollbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(106, LogLevel.Critical, "Edge buffer {Path}: the writer stopped; further writes are refused")]
    public static partial void WriterStopped(ILogger logger, Exception exception, string path);

    [LoggerMessage(107, LogLevel.Warning, "Edge buffer: a background WAL checkpoint failed; the next one retries")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);
}
