using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Gateway.Uplink;

/// <summary>Log messages of the uplink; event ids 1200–1299 are stable.</summary>
internal static partial class UplinkLog
{
    [LoggerMessage(1200, LogLevel.Information, "Connecting to hub {HubUrl} as gateway {GatewayId}")]
    public static partial void Connecting(ILogger logger, string hubUrl, string gatewayId);

    [LoggerMessage(1201, LogLevel.Information, "Connected to hub {HubId}: batches of up to {MaxBatch} readings, {Buffered} readings buffered")]
    public static partial void Connected(ILogger logger, string hubId, int maxBatch, long buffered);

    [LoggerMessage(1202, LogLevel.Warning, "Uplink to {HubUrl} failed ({Reason}): {Detail}; retrying in {DelayMs:F0} ms")]
    public static partial void Failed(ILogger logger, string hubUrl, string reason, string detail, double delayMs);

    [LoggerMessage(1203, LogLevel.Error, "The hub refused gateway {GatewayId}'s credentials ({Detail}); readings stay buffered, retrying in {DelayMs:F0} ms")]
    public static partial void Unauthenticated(ILogger logger, string gatewayId, string detail, double delayMs);

    [LoggerMessage(1204, LogLevel.Warning, "The hub rejected reading {Sequence}: {Reason}: {Detail}")]
    public static partial void HubRejected(ILogger logger, long sequence, string reason, string detail);

    [LoggerMessage(1205, LogLevel.Debug, "Ack for a batch of {Count}: {Deleted} readings deleted, {RoundTripMs:F1} ms after sending")]
    public static partial void Acknowledged(ILogger logger, int count, long deleted, double roundTripMs);

    [LoggerMessage(1206, LogLevel.Warning, "Ignoring an unexpected {Body} message from the hub")]
    public static partial void UnexpectedMessage(ILogger logger, string body);

    [LoggerMessage(1207, LogLevel.Error, "Buffered item {Sequence} ({Key}) is unreadable and is dropped: {Detail}")]
    public static partial void UnreadableItem(ILogger logger, long sequence, string key, string detail);

    [LoggerMessage(1208, LogLevel.Information, "Uplink stopped")]
    public static partial void Stopped(ILogger logger);
}
