using System.Net;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>Log messages of the embedded MQTT broker; event ids 4600–4699 are stable.</summary>
internal static partial class MqttBrokerLog
{
    [LoggerMessage(4600, LogLevel.Information, "MQTT broker listening on {EndPoint} ({Transport})")]
    public static partial void Listening(ILogger logger, EndPoint endPoint, string transport);

    [LoggerMessage(4601, LogLevel.Information, "MQTT broker stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(4602, LogLevel.Debug, "MQTT client {ClientId} connected from {Remote} (MQTT {Version}, clean {Clean}, session present {Present})")]
    public static partial void ClientConnected(ILogger logger, string clientId, string remote, MqttProtocolVersion version, bool clean, bool present);

    [LoggerMessage(4603, LogLevel.Debug, "MQTT client {ClientId} disconnected ({How})")]
    public static partial void ClientDisconnected(ILogger logger, string clientId, string how);

    [LoggerMessage(4604, LogLevel.Warning, "MQTT connection from {Remote} refused: {Reason}")]
    public static partial void ConnectRefused(ILogger logger, string remote, string reason);

    [LoggerMessage(4605, LogLevel.Warning, "MQTT connection from {Remote} ({ClientId}) closed: {Reason} ({Code})")]
    public static partial void ProtocolError(ILogger logger, string remote, string clientId, string reason, MqttReasonCode code);

    [LoggerMessage(4606, LogLevel.Information, "MQTT client {ClientId} closed by keep-alive timeout ({Seconds} s × 1.5)")]
    public static partial void KeepAliveTimeout(ILogger logger, string clientId, int seconds);

    [LoggerMessage(4607, LogLevel.Information, "MQTT session of {ClientId} taken over by a new connection")]
    public static partial void TakenOver(ILogger logger, string clientId);

    [LoggerMessage(4608, LogLevel.Error, "MQTT ingest handler for {Filter} failed on {Topic}; the message was not acknowledged")]
    public static partial void IngestFailed(ILogger logger, Exception exception, string filter, string topic);

    [LoggerMessage(4609, LogLevel.Warning, "MQTT client {ClientId}: {Action} on {Topic} refused by the ACL")]
    public static partial void AclRefused(ILogger logger, string clientId, string action, string topic);

    [LoggerMessage(4610, LogLevel.Warning, "MQTT client {ClientId} does not read fast enough: its outbound queue is full, closing")]
    public static partial void OutboundOverflow(ILogger logger, string clientId);

    [LoggerMessage(4611, LogLevel.Warning, "MQTT TLS handshake with {Remote} failed")]
    public static partial void TlsFailed(ILogger logger, Exception exception, string remote);

    [LoggerMessage(4612, LogLevel.Debug, "MQTT will of {ClientId} published on {Topic}")]
    public static partial void WillPublished(ILogger logger, string clientId, string topic);

    [LoggerMessage(4613, LogLevel.Debug, "MQTT session of {ClientId} expired")]
    public static partial void SessionExpired(ILogger logger, string clientId);

    [LoggerMessage(4614, LogLevel.Warning, "MQTT connection {Remote} failed")]
    public static partial void ConnectionFailed(ILogger logger, Exception exception, string remote);
}
