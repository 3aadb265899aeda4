using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Storage.Influx;

/// <summary>Log messages of the line-protocol backends (InfluxDB, VictoriaMetrics); event ids 300–349 are stable.</summary>
internal static partial class InfluxLog
{
    [LoggerMessage(300, LogLevel.Information, "{Backend} reading store at {Url} opened")]
    public static partial void Opened(ILogger logger, string backend, string url);

    [LoggerMessage(301, LogLevel.Warning, "Write failed ({Reason}); attempt {Attempt}, retrying in {Delay}")]
    public static partial void WriteRetrying(ILogger logger, string reason, int attempt, TimeSpan delay);

    [LoggerMessage(302, LogLevel.Error, "Write of {Lines} points failed after {Attempts} attempts")]
    public static partial void WriteFailed(ILogger logger, Exception exception, int lines, int attempts);

    [LoggerMessage(303, LogLevel.Warning, "{Conflicts} readings from gateway {Gateway} reuse the key of a different stored measurement (first: {Key}); the stored copy was kept")]
    public static partial void Conflicts(ILogger logger, int conflicts, string gateway, string key);

    [LoggerMessage(304, LogLevel.Error, "A write group of {Count} readings failed; its callers were told")]
    public static partial void GroupFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(306, LogLevel.Warning, "{Backend} reading store: {Problem}")]
    public static partial void Weakened(ILogger logger, string backend, string problem);

    [LoggerMessage(305, LogLevel.Information, "{Backend} reading store at {Url} closed")]
    public static partial void Closed(ILogger logger, string backend, string url);
}
