using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Gateway;

/// <summary>Log messages of the gateway host; event ids 1000–1099 are stable.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(1000, LogLevel.Information, "Gateway {GatewayId} started: hub {HubUrl}, health and metrics on {HttpAddress}, {Sources} sources")]
    public static partial void Started(ILogger logger, string gatewayId, string hubUrl, string httpAddress, int sources);

    [LoggerMessage(1001, LogLevel.Information, "Gateway {GatewayId} stopping")]
    public static partial void Stopping(ILogger logger, string gatewayId);

    [LoggerMessage(1002, LogLevel.Information, "Gateway {GatewayId} stopped")]
    public static partial void Stopped(ILogger logger, string gatewayId);

    [LoggerMessage(1003, LogLevel.Warning, "Error while stopping the gateway")]
    public static partial void StopError(ILogger logger, Exception exception);
}
