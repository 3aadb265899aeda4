namespace TelemetryGateway.Mqtt.Packets;

/// <summary>Control packet types, bits 7–4 of the fixed header (MQTT 5.0 §2.1.2, 3.1.1 §2.2.1).</summary>
public enum MqttPacketType : byte
{
    Connect = 1,
    ConnAck = 2,
    Publish = 3,
    PubAck = 4,
    PubRec = 5,
    PubRel = 6,
    PubComp = 7,
    Subscribe = 8,
    SubAck = 9,
    Unsubscribe = 10,
    UnsubAck = 11,
    PingReq = 12,
    PingResp = 13,
    Disconnect = 14,

    /// <summary>MQTT 5.0 only; reserved in 3.1.1.</summary>
    Auth = 15,
}
