using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Bluetooth.DBus.Connection;

/// <summary>Log messages of the D-Bus client; event ids 2400–2429 are stable.</summary>
internal static partial class DBusLog
{
    [LoggerMessage(2400, LogLevel.Debug, "D-Bus connected to {Address} as {UniqueName} (server {Guid})")]
    public static partial void Connected(ILogger logger, string address, string uniqueName, string guid);

    [LoggerMessage(2401, LogLevel.Warning, "D-Bus connection {UniqueName} closed: {Reason}")]
    public static partial void Closed(ILogger logger, string uniqueName, string reason);

    [LoggerMessage(2402, LogLevel.Warning, "D-Bus signal handler for {Rule} failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string rule);

    [LoggerMessage(2403, LogLevel.Debug, "D-Bus reply to unknown serial {Serial} ignored")]
    public static partial void UnmatchedReply(ILogger logger, uint serial);
}
