using Microsoft.Extensions.Logging;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Client;

internal static partial class MqttClientLog
{
    [LoggerMessage(1, LogLevel.Information, "MQTT client {ClientId} connected to {Host}:{Port} (level {Version}, session present {SessionPresent})")]
    public static partial void Connected(ILogger logger, string clientId, string host, int port, MqttProtocolVersion version, bool sessionPresent);

    [LoggerMessage(2, LogLevel.Warning, "MQTT client {ClientId} could not connect to {Host}:{Port}; retrying in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, string clientId, string host, int port, TimeSpan delay, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "MQTT client {ClientId} lost its connection")]
    public static partial void ConnectionLost(ILogger logger, string clientId, Exception? exception);

    [LoggerMessage(4, LogLevel.Warning, "MQTT client {ClientId}: server broke the protocol ({ReasonCode}): {Detail}")]
    public static partial void ProtocolError(ILogger logger, string clientId, MqttReasonCode reasonCode, string detail);

    [LoggerMessage(5, LogLevel.Error, "MQTT client {ClientId}: message handler failed for {Topic}; closing the connection so the server delivers it again")]
    public static partial void HandlerFailed(ILogger logger, string clientId, string topic, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "MQTT client {ClientId}: no answer to PINGREQ within {Timeout}; closing the connection")]
    public static partial void PingTimeout(ILogger logger, string clientId, TimeSpan timeout);

    [LoggerMessage(7, LogLevel.Information, "MQTT client {ClientId}: re-sent {Publishes} PUBLISH and {Releases} PUBREL after reconnecting")]
    public static partial void Resent(ILogger logger, string clientId, int publishes, int releases);

    [LoggerMessage(8, LogLevel.Information, "MQTT client {ClientId}: server holds no session; subscribing again to {Count} filters")]
    public static partial void Resubscribing(ILogger logger, string clientId, int count);

    [LoggerMessage(9, LogLevel.Debug, "MQTT client {ClientId}: QoS 2 message {PacketId} received again; acknowledged without delivering it twice")]
    public static partial void DuplicateSuppressed(ILogger logger, string clientId, ushort packetId);

    [LoggerMessage(10, LogLevel.Information, "MQTT client {ClientId}: server sent DISCONNECT {ReasonCode}")]
    public static partial void ServerDisconnect(ILogger logger, string clientId, MqttReasonCode reasonCode);
}
