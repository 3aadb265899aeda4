using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Gateway.Sources;

/// <summary>Log messages of the sources; event ids 1300–1399 are stable.</summary>
internal static partial class SourceLog
{
    [LoggerMessage(1300, LogLevel.Information, "Source {Source}: starting after record {Last} of {Count}")]
    public static partial void GeneratorStarting(ILogger logger, string source, long last, long count);

    [LoggerMessage(1301, LogLevel.Information, "Source {Source}: {Last} of {Count} records accepted ({Rate:F0} readings/s)")]
    public static partial void GeneratorProgress(ILogger logger, string source, long last, long count, double rate);

    [LoggerMessage(1302, LogLevel.Information, "Source {Source}: finished, all {Count} records accepted ({Emitted} in this run)")]
    public static partial void GeneratorFinished(ILogger logger, string source, long count, long emitted);

    [LoggerMessage(1303, LogLevel.Warning, "Source {Source}: readings not accepted ({Detail}); retrying in {DelayMs:F0} ms")]
    public static partial void AcceptFailed(ILogger logger, string source, string detail, double delayMs);

    [LoggerMessage(1304, LogLevel.Error, "Source {Source} failed")]
    public static partial void SourceFailed(ILogger logger, Exception exception, string source);
}
