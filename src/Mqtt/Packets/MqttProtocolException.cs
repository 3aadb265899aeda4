namespace TelemetryGateway.Mqtt.Packets;

/// <summary>
/// Input that breaks the MQTT specification. <see cref="ReasonCode"/> tells a broker or a
/// client which MQTT 5.0 reason code to send in DISCONNECT (or CONNACK) before closing the
/// network connection (MQTT 5.0 §4.13 "Handling errors"); for MQTT 3.1.1 the connection is
/// closed without a reason (3.1.1 §4.8).
/// </summary>
public sealed class MqttProtocolException : Exception
{
    public MqttProtocolException(MqttReasonCode reasonCode, string message)
        : base(message)
    {
        ReasonCode = reasonCode;
    }

    public MqttProtocolException(MqttReasonCode reasonCode, string message, Exception innerException)
        : base(message, innerException)
    {
        ReasonCode = reasonCode;
    }

    /// <summary>0x81 Malformed Packet, 0x82 Protocol Error, 0x95 Packet too large, …</summary>
    public MqttReasonCode ReasonCode { get; }

    internal static MqttProtocolException Malformed(string message) =>
        new(MqttReasonCode.MalformedPacket, message);

    internal static MqttProtocolException Protocol(string message) =>
        new(MqttReasonCode.ProtocolError, message);
}
