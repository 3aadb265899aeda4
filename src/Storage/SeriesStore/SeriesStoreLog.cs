using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Storage.SeriesStore;

/// <summary>Log messages of the hub's series store; event ids 200–299 are stable.</summary>
internal static partial class SeriesStoreLog
{
    [LoggerMessage(200, LogLevel.Information, "Series store {Path} opened")]
    public static partial void Opened(ILogger logger, string path);

    [LoggerMessage(201, LogLevel.Information, "Series store {Path} closed")]
    public static partial void Closed(ILogger logger, string path);

    [LoggerMessage(202, LogLevel.Error, "Series store {Path}: a commit of {Count} readings from gateways {Gateways} failed and was rolled back")]
    public static partial void WriteFailed(ILogger logger, Exception exception, int count, string gateways, string path);

    [LoggerMessage(203, LogLevel.Warning, "Series store {Path}: {Conflicts} readings from gateway {Gateway} reuse the key of a different stored measurement (first: {Key}); the stored copy was kept")]
    public static partial void Conflicts(ILogger logger, int conflicts, string gateway, string key, string path);

    [LoggerMessage(205, LogLevel.Error, "Series store {Path}: a batch of {Count} readings from gateway {Gateway} failed and was undone; other batches of the same commit were kept")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count, string gateway, string path);

    [LoggerMessage(204, LogLevel.Warning, "Series store {Path}: rolling back a failed batch raised an error")]
    public static partial void RollbackFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(206, LogLevel.Warning, "Series store {Path}: a background WAL checkpoint failed; the next one retries")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception, string path);
}
