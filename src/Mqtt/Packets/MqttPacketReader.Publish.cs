namespace TelemetryGateway.Mqtt.Packets;

/// <summary>PUBLISH and its acknowledgements PUBACK, PUBREC, PUBREL, PUBCOMP.</summary>
public sealed partial class MqttPacketReader
{
    /// <summary>
    /// PUBLISH (§3.3): flags DUP, QoS, RETAIN; topic name, packet id for QoS &gt; 0,
    /// [5.0 properties]; the rest is the payload.
    /// </summary>
    private static PublishPacket ReadPublish(ref MqttSpanReader reader, int flags, MqttProtocolVersion version)
    {
        var qos = (flags >> 1) & 0x03;
        var duplicate = (flags & 0x08) != 0;
        if (qos == 3)
        {
            throw MqttProtocolException.Malformed("PUBLISH with QoS 3 (MQTT 5.0 §3.3.1.2)");
        }

        if (qos == 0 && duplicate)
        {
            throw MqttProtocolException.Protocol("PUBLISH with QoS 0 and DUP set (MQTT 5.0 §3.3.1.1)");
        }

        var topic = reader.ReadString();
        var packetId = qos > 0 ? ReadPacketId(ref reader, MqttPacketType.Publish) : (ushort)0;
        var properties = version == MqttProtocolVersion.V500
            ? ReadProperties(ref reader, (int)MqttPacketType.Publish)
            : null;
        if (properties?.TopicAlias == 0)
        {
            throw new MqttProtocolException(MqttReasonCode.TopicAliasInvalid, "PUBLISH with Topic Alias 0 (MQTT 5.0 §3.3.2.3.4)");
        }

        // §3.3.2.1: a zero-length topic name is only allowed when a Topic Alias stands for it.
        CheckTopicName(topic, version, allowEmpty: properties?.TopicAlias is not null);
        return new PublishPacket
        {
            Topic = topic,
            QualityOfService = (MqttQualityOfService)qos,
            Duplicate = duplicate,
            Retain = (flags & 0x01) != 0,
            PacketId = packetId,
            Properties = properties,
            Payload = reader.ReadRest().ToArray(),
        };
    }

    /// <summary>
    /// PUBACK/PUBREC/PUBREL/PUBCOMP: packet id; 3.1.1 has nothing else. 5.0: Remaining
    /// Length 2 means Success without properties, 3 a reason code without properties
    /// (§3.4.2.1, §3.4.2.2.1).
    /// </summary>
    private static MqttPublishAckPacket ReadPublishAck(ref MqttSpanReader reader, MqttProtocolVersion version,
        MqttPacketType type)
    {
        var packetId = ReadPacketId(ref reader, type);
        if (version == MqttProtocolVersion.V311 || reader.End)
        {
            return MqttPublishAckPacket.Create(type, packetId);
        }

        var code = (MqttReasonCode)reader.ReadByte();
        var properties = reader.End ? null : ReadProperties(ref reader, (int)type);
        return MqttPublishAckPacket.Create(type, packetId, code, properties);
    }

    private static void CheckTopicName(string topic, MqttProtocolVersion version, bool allowEmpty)
    {
        if (topic.Length == 0 && !allowEmpty)
        {
            throw version == MqttProtocolVersion.V500
                ? MqttProtocolException.Protocol("empty Topic Name without Topic Alias (MQTT 5.0 §3.3.2.1, §4.7.3)")
                : MqttProtocolException.Malformed("empty Topic Name (MQTT 3.1.1 §4.7.3)");
        }

        if (!MqttTopic.HasNoWildcards(topic))
        {
            throw new MqttProtocolException(MqttReasonCode.TopicNameInvalid,
                $"Topic Name '{topic}' contains a wildcard (MQTT 5.0 §3.3.2.1, §4.7.1)");
        }
    }
}
