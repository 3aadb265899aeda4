using Microsoft.Extensions.Logging;
using TelemetryGateway.Core;

namespace TelemetryGateway.Gateway.Ingest;

/// <summary>Log messages of reading intake; event ids 1100–1199 are stable.</summary>
internal static partial class IngestLog
{
    [LoggerMessage(1100, LogLevel.Warning, "Rejected a {Kind} reading from device {DeviceId}: {Reason}: {Detail}")]
    public static partial void ReadingRejected(ILogger logger, string deviceId, string kind, RejectReason reason, string detail);

    [LoggerMessage(1101, LogLevel.Error, "Buffer full: {Count} readings were not accepted: {Detail}")]
    public static partial void BufferFull(ILogger logger, int count, string detail);

    [LoggerMessage(1102, LogLevel.Information, "Hub configuration version {Version}: {Bindings} device bindings")]
    public static partial void ConfigurationApplied(ILogger logger, long version, int bindings);
}
