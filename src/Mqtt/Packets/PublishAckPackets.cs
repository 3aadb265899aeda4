namespace TelemetryGateway.Mqtt.Packets;

/// <summary>
/// The four acknowledgements of the QoS 1 and 2 flows share one shape: Packet Identifier,
/// then in 5.0 an optional Reason Code and properties (MQTT 5.0 §3.4.2–§3.7.2; the reason
/// code and properties are omitted when success and no properties: §3.4.2.1).
/// </summary>
public abstract class MqttPublishAckPacket : MqttPacket, IMqttPacketWithIdentifier
{
    private protected MqttPublishAckPacket()
    {
    }

    public ushort PacketId { get; init; }

    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties? Properties { get; init; }

    /// <summary>Makes the acknowledgement of the given type (PUBACK, PUBREC, PUBREL or PUBCOMP).</summary>
    public static MqttPublishAckPacket Create(MqttPacketType type, ushort packetId,
        MqttReasonCode reasonCode = MqttReasonCode.Success, MqttProperties? properties = null) => type switch
    {
        MqttPacketType.PubAck => new PubAckPacket { PacketId = packetId, ReasonCode = reasonCode, Properties = properties },
        MqttPacketType.PubRec => new PubRecPacket { PacketId = packetId, ReasonCode = reasonCode, Properties = properties },
        MqttPacketType.PubRel => new PubRelPacket { PacketId = packetId, ReasonCode = reasonCode, Properties = properties },
        MqttPacketType.PubComp => new PubCompPacket { PacketId = packetId, ReasonCode = reasonCode, Properties = properties },
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a publish acknowledgement"),
    };
}

/// <summary>PUBACK (§3.4): QoS 1 acknowledgement.</summary>
public sealed class PubAckPacket : MqttPublishAckPacket
{
    public override MqttPacketType Type => MqttPacketType.PubAck;
}

/// <summary>PUBREC (§3.5): QoS 2 delivery part 1.</summary>
public sealed class PubRecPacket : MqttPublishAckPacket
{
    public override MqttPacketType Type => MqttPacketType.PubRec;
}

/// <summary>PUBREL (§3.6): QoS 2 delivery part 2; fixed header flags 0010.</summary>
public sealed class PubRelPacket : MqttPublishAckPacket
{
    public override MqttPacketType Type => MqttPacketType.PubRel;
}

/// <summary>PUBCOMP (§3.7): QoS 2 delivery part 3.</summary>
public sealed class PubCompPacket : MqttPublishAckPacket
{
    public override MqttPacketType Type => MqttPacketType.PubComp;
}
