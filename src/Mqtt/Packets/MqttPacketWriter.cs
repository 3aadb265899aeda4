using System.Buffers;

namespace TelemetryGateway.Mqtt.Packets;

/// <summary>
/// Serialises packets into an <see cref="IBufferWriter{T}"/> (a PipeWriter, an
/// ArrayBufferWriter …). Pure: no I/O. Values that the specification forbids a sender to
/// send (a wildcard in a PUBLISH topic, U+0000 in a string, a property the packet may not
/// carry) throw <see cref="ArgumentException"/>: they are programming errors of the caller.
/// </summary>
public static partial class MqttPacketWriter
{
    /// <summary>Writes <paramref name="packet"/> and returns its size in bytes.</summary>
    public static int Write(IBufferWriter<byte> output, MqttPacket packet, MqttProtocolVersion version)
    {
        var counter = MqttSpanWriter.Counter();
        var firstByte = EncodeBody(ref counter, packet, version);
        var bodyLength = counter.Position;
        if (bodyLength > MqttVariableByteInteger.MaximumValue)
        {
            throw new ArgumentException($"{packet.Type} body of {bodyLength} bytes exceeds the MQTT maximum (§2.1.4)");
        }

        var total = 1 + MqttVariableByteInteger.GetByteCount(bodyLength) + bodyLength;
        var span = output.GetSpan(total);
        span[0] = firstByte;
        var headerLength = 1 + MqttVariableByteInteger.Write(span[1..], bodyLength);
        var writer = MqttSpanWriter.Over(span.Slice(headerLength, bodyLength));
        EncodeBody(ref writer, packet, version);
        output.Advance(total);
        return total;
    }

    /// <summary>Size of the packet on the wire, fixed header included (MQTT 5.0 §3.1.2.11.4 counts it so).</summary>
    public static int GetSize(MqttPacket packet, MqttProtocolVersion version)
    {
        var counter = MqttSpanWriter.Counter();
        EncodeBody(ref counter, packet, version);
        return 1 + MqttVariableByteInteger.GetByteCount(counter.Position) + counter.Position;
    }

    /// <summary>Convenience for tests and one-off packets.</summary>
    public static byte[] ToArray(MqttPacket packet, MqttProtocolVersion version)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, packet, version);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes the variable header and payload; returns the first byte of the fixed header.</summary>
    private static byte EncodeBody(ref MqttSpanWriter w, MqttPacket packet, MqttProtocolVersion version)
    {
        var v5 = version == MqttProtocolVersion.V500;
        switch (packet)
        {
            case ConnectPacket connect:
                EncodeConnect(ref w, connect);
                return 0x10;
            case ConnAckPacket connAck:
                EncodeConnAck(ref w, connAck, v5);
                return 0x20;
            case PublishPacket publish:
                return EncodePublish(ref w, publish, v5);
            case MqttPublishAckPacket ack:
                EncodePublishAck(ref w, ack, v5);
                // §2.1.3: PUBREL has fixed header flags 0010.
                return (byte)(((int)ack.Type << 4) | (ack.Type == MqttPacketType.PubRel ? 0x02 : 0));
            case SubscribePacket subscribe:
                EncodeSubscribe(ref w, subscribe, v5);
                return 0x82;
            case SubAckPacket subAck:
                EncodeSubAck(ref w, subAck, v5);
                return 0x90;
            case UnsubscribePacket unsubscribe:
                EncodeUnsubscribe(ref w, unsubscribe, v5);
                return 0xA2;
            case UnsubAckPacket unsubAck:
                EncodeUnsubAck(ref w, unsubAck, v5);
                return 0xB0;
            case PingReqPacket:
                return 0xC0;
            case PingRespPacket:
                return 0xD0;
            case DisconnectPacket disconnect:
                if (v5)
                {
                    EncodeReasonAndProperties(ref w, disconnect.ReasonCode, disconnect.Properties, MqttPacketType.Disconnect);
                }

                return 0xE0;
            case AuthPacket auth:
                if (!v5)
                {
                    throw new ArgumentException("AUTH does not exist in MQTT 3.1.1");
                }

                EncodeReasonAndProperties(ref w, auth.ReasonCode, auth.Properties, MqttPacketType.Auth);
                return 0xF0;
            default:
                throw new ArgumentException($"unknown packet {packet.GetType().Name}", nameof(packet));
        }
    }

    /// <summary>
    /// DISCONNECT and AUTH (§3.14.2.1, §3.15.2.1): with Success and no properties the
    /// Remaining Length is 0; otherwise the reason code, then properties only if any.
    /// </summary>
    private static void EncodeReasonAndProperties(ref MqttSpanWriter w, MqttReasonCode code,
        MqttProperties? properties, MqttPacketType type)
    {
        if (code == MqttReasonCode.Success && properties is null)
        {
            return;
        }

        w.WriteByte((byte)code);
        if (properties is not null)
        {
            WriteProperties(ref w, properties, (int)type);
        }
    }
}
