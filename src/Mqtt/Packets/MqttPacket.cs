namespace TelemetryGateway.Mqtt.Packets;

/// <summary>
/// A decoded MQTT control packet: plain data, no behaviour. <see cref="MqttPacketReader"/>
/// produces them, <see cref="MqttPacketWriter"/> serialises them; the same classes serve
/// MQTT 3.1.1 and 5.0 (fields that 3.1.1 lacks are ignored when writing level 4).
/// </summary>
public abstract class MqttPacket
{
    private protected MqttPacket()
    {
    }

    public abstract MqttPacketType Type { get; }
}

/// <summary>A packet that carries a Packet Identifier (MQTT 5.0 §2.2.1).</summary>
public interface IMqttPacketWithIdentifier
{
    ushort PacketId { get; }
}

/// <summary>PINGREQ (MQTT 5.0 §3.12): no variable header, no payload.</summary>
public sealed class PingReqPacket : MqttPacket
{
    public static readonly PingReqPacket Instance = new();

    private PingReqPacket()
    {
    }

    public override MqttPacketType Type => MqttPacketType.PingReq;
}

/// <summary>PINGRESP (MQTT 5.0 §3.13): no variable header, no payload.</summary>
public sealed class PingRespPacket : MqttPacket
{
    public static readonly PingRespPacket Instance = new();

    private PingRespPacket()
    {
    }

    public override MqttPacketType Type => MqttPacketType.PingResp;
}
