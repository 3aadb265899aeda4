namespace TelemetryGateway.Mqtt.Packets;

/// <summary>SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK.</summary>
public sealed partial class MqttPacketReader
{
    /// <summary>
    /// SUBSCRIBE (§3.8): packet id, [5.0 properties], then one or more topic filters each
    /// followed by its options byte. The filters' syntax is left to the server, which answers
    /// an invalid one in SUBACK (0x8F in 5.0, 0x80 in 3.1.1) rather than by closing.
    /// </summary>
    private static SubscribePacket ReadSubscribe(ref MqttSpanReader reader, MqttProtocolVersion version)
    {
        var packetId = ReadPacketId(ref reader, MqttPacketType.Subscribe);
        var properties = version == MqttProtocolVersion.V500
            ? ReadProperties(ref reader, (int)MqttPacketType.Subscribe)
            : null;
        var subscriptions = new List<MqttSubscription>();
        while (!reader.End)
        {
            var filter = reader.ReadString();
            var options = reader.ReadByte();
            // 3.1.1 §3.8.3.1: bits 7–2 reserved. 5.0 §3.8.3.1: bits 7–6 reserved.
            var reservedMask = version == MqttProtocolVersion.V500 ? 0xC0 : 0xFC;
            if ((options & reservedMask) != 0)
            {
                throw MqttProtocolException.Malformed("SUBSCRIBE options use reserved bits (MQTT 5.0 §3.8.3.1)");
            }

            var qos = options & 0x03;
            if (qos == 3)
            {
                throw MqttProtocolException.Malformed("SUBSCRIBE with QoS 3 (MQTT 5.0 §3.8.3.1)");
            }

            var retainHandling = (options >> 4) & 0x03;
            if (retainHandling == 3)
            {
                throw MqttProtocolException.Protocol("SUBSCRIBE with Retain Handling 3 (MQTT 5.0 §3.8.3.1)");
            }

            subscriptions.Add(new MqttSubscription(filter, (MqttQualityOfService)qos)
            {
                NoLocal = (options & 0x04) != 0,
                RetainAsPublished = (options & 0x08) != 0,
                RetainHandling = (MqttRetainHandling)retainHandling,
            });
        }

        if (subscriptions.Count == 0)
        {
            throw MqttProtocolException.Protocol("SUBSCRIBE without any topic filter (MQTT 5.0 §3.8.3)");
        }

        return new SubscribePacket { PacketId = packetId, Subscriptions = subscriptions, Properties = properties };
    }

    /// <summary>SUBACK (§3.9): packet id, [5.0 properties], one return/reason code per filter.</summary>
    private static SubAckPacket ReadSubAck(ref MqttSpanReader reader, MqttProtocolVersion version)
    {
        var packetId = ReadPacketId(ref reader, MqttPacketType.SubAck);
        var properties = version == MqttProtocolVersion.V500
            ? ReadProperties(ref reader, (int)MqttPacketType.SubAck)
            : null;
        var codes = new List<MqttReasonCode>(reader.Remaining);
        foreach (var code in reader.ReadRest())
        {
            // 3.1.1 §3.9.3: only 0x00, 0x01, 0x02 and 0x80 are allowed.
            if (version == MqttProtocolVersion.V311 && code is not (0x00 or 0x01 or 0x02 or 0x80))
            {
                throw MqttProtocolException.Malformed($"SUBACK return code 0x{code:X2} is reserved (MQTT 3.1.1 §3.9.3)");
            }

            codes.Add((MqttReasonCode)code);
        }

        if (codes.Count == 0)
        {
            throw MqttProtocolException.Protocol("SUBACK without any return code (MQTT 5.0 §3.9.3)");
        }

        return new SubAckPacket { PacketId = packetId, ReasonCodes = codes, Properties = properties };
    }

    /// <summary>UNSUBSCRIBE (§3.10): packet id, [5.0 properties], one or more topic filters.</summary>
    private static UnsubscribePacket ReadUnsubscribe(ref MqttSpanReader reader, MqttProtocolVersion version)
    {
        var packetId = ReadPacketId(ref reader, MqttPacketType.Unsubscribe);
        var properties = version == MqttProtocolVersion.V500
            ? ReadProperties(ref reader, (int)MqttPacketType.Unsubscribe)
            : null;
        var filters = new List<string>();
        while (!reader.End)
        {
            filters.Add(reader.ReadString());
        }

        if (filters.Count == 0)
        {
            throw MqttProtocolException.Protocol("UNSUBSCRIBE without any topic filter (MQTT 5.0 §3.10.3)");
        }

        return new UnsubscribePacket { PacketId = packetId, TopicFilters = filters, Properties = properties };
    }

    /// <summary>UNSUBACK (§3.11): packet id only in 3.1.1; 5.0 adds properties and one reason code per filter.</summary>
    private static UnsubAckPacket ReadUnsubAck(ref MqttSpanReader reader, MqttProtocolVersion version)
    {
        var packetId = ReadPacketId(ref reader, MqttPacketType.UnsubAck);
        if (version == MqttProtocolVersion.V311)
        {
            return new UnsubAckPacket { PacketId = packetId };
        }

        var properties = ReadProperties(ref reader, (int)MqttPacketType.UnsubAck);
        var codes = new List<MqttReasonCode>(reader.Remaining);
        foreach (var code in reader.ReadRest())
        {
            codes.Add((MqttReasonCode)code);
        }

        return new UnsubAckPacket { PacketId = packetId, ReasonCodes = codes, Properties = properties };
    }
}
