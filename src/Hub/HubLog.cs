using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Hub;

/// <summary>Log messages of the hub; event ids 300–399 are stable.</summary>
internal static partial class HubLog
{
    [LoggerMessage(300, LogLevel.Information, "Hub {HubId} started: gRPC {GrpcAddress}, HTTP {HttpAddress}, data {DataDirectory}")]
    public static partial void Started(ILogger logger, string hubId, Uri grpcAddress, Uri httpAddress, string dataDirectory);

    [LoggerMessage(301, LogLevel.Information, "Hub stopping: ending {Streams} ingest streams after their in-flight acknowledgements")]
    public static partial void Stopping(ILogger logger, int streams);

    [LoggerMessage(302, LogLevel.Information, "Hub stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(310, LogLevel.Information, "Gateway {GatewayId} connected from {Peer} (version {Version}, {Buffered} readings buffered)")]
    public static partial void GatewayConnected(ILogger logger, string gatewayId, string peer, string version, long buffered);

    [LoggerMessage(311, LogLevel.Information, "Gateway {GatewayId} stream ended: {Reason}")]
    public static partial void GatewayDisconnected(ILogger logger, string gatewayId, string reason);

    [LoggerMessage(312, LogLevel.Warning, "Gateway refused from {Peer}: {Reason} (gateway id '{GatewayId}')")]
    public static partial void AuthFailed(ILogger logger, string peer, string reason, string gatewayId);

    [LoggerMessage(313, LogLevel.Warning, "Gateway {GatewayId} opened a new stream from {Peer}; the older stream is cancelled")]
    public static partial void GatewayReplaced(ILogger logger, string gatewayId, string peer);

    [LoggerMessage(320, LogLevel.Error, "Storing a batch of {Count} readings from gateway {GatewayId} failed; the stream ends with UNAVAILABLE and the gateway will resend")]
    public static partial void StoreWriteFailed(ILogger logger, Exception exception, string gatewayId, int count);

    [LoggerMessage(321, LogLevel.Information, "Gateway {GatewayId}: {Count} readings of a batch rejected (first: sequence {Sequence}, {Reason}: {Message})")]
    public static partial void ReadingsRejected(ILogger logger, string gatewayId, int count, long sequence, string reason, string message);

    [LoggerMessage(322, LogLevel.Warning, "Gateway {GatewayId} broke the ingest protocol: {Detail}")]
    public static partial void ProtocolViolation(ILogger logger, string gatewayId, string detail);

    [LoggerMessage(324, LogLevel.Information, "Gateway {GatewayId}: configuration version {Version} sent ({Thresholds} alert threshold entries)")]
    public static partial void ConfigurationPushed(ILogger logger, string gatewayId, long version, int thresholds);
}
