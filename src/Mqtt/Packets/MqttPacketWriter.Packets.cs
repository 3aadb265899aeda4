namespace TelemetryGateway.Mqtt.Packets;

/// <summary>Encoders of the variable header and payload of each packet type.</summary>
public static partial class MqttPacketWriter
{
    /// <summary>CONNECT (§3.1.2, §3.1.3), in the order the specification lays it out.</summary>
    private static void EncodeConnect(ref MqttSpanWriter w, ConnectPacket connect)
    {
        var v5 = connect.ProtocolVersion == MqttProtocolVersion.V500;
        if (!v5 && connect.Password is not null && connect.UserName is null)
        {
            throw new ArgumentException("MQTT 3.1.1 allows a password only with a user name (§3.1.2.9)");
        }

        w.WriteString("MQTT");
        w.WriteByte((byte)connect.ProtocolVersion);
        var flags = 0;
        if (connect.CleanStart)
        {
            flags |= 0x02;
        }

        if (connect.Will is { } will)
        {
            RequireTopicName(will.Topic);
            flags |= 0x04 | ((int)will.QualityOfService << 3) | (will.Retain ? 0x20 : 0);
        }

        flags |= connect.Password is not null ? 0x40 : 0;
        flags |= connect.UserName is not null ? 0x80 : 0;
        w.WriteByte((byte)flags);
        w.WriteUInt16(connect.KeepAliveSeconds);
        if (v5)
        {
            WriteProperties(ref w, connect.Properties, (int)MqttPacketType.Connect);
        }

        w.WriteString(connect.ClientId);
        if (connect.Will is { } w2)
        {
            if (v5)
            {
                WriteProperties(ref w, w2.Properties, MqttPropertyTable.WillContext);
            }

            w.WriteString(w2.Topic);
            w.WriteBinary(w2.Payload.Span);
        }

        if (connect.UserName is not null)
        {
            w.WriteString(connect.UserName);
        }

        if (connect.Password is not null)
        {
            w.WriteBinary(connect.Password);
        }
    }

    /// <summary>CONNACK (§3.2.2): flags, code (3.1.1 return codes mapped back), 5.0 properties.</summary>
    private static void EncodeConnAck(ref MqttSpanWriter w, ConnAckPacket connAck, bool v5)
    {
        // 3.1.1 §3.2.2.2 / 5.0 §3.2.2.1.1: Session Present is 0 whenever the code is a failure.
        w.WriteByte(connAck.SessionPresent && !connAck.ReasonCode.IsFailure() ? (byte)1 : (byte)0);
        if (v5)
        {
            w.WriteByte((byte)connAck.ReasonCode);
            WriteProperties(ref w, connAck.Properties, (int)MqttPacketType.ConnAck);
        }
        else
        {
            w.WriteByte(MqttReasonCodes.ToV311ConnectReturnCode(connAck.ReasonCode));
        }
    }

    /// <summary>PUBLISH (§3.3): returns the first byte with DUP, QoS and RETAIN.</summary>
    private static byte EncodePublish(ref MqttSpanWriter w, PublishPacket publish, bool v5)
    {
        var hasAlias = v5 && publish.Properties?.TopicAlias is not null;
        if (!(hasAlias && publish.Topic.Length == 0))
        {
            RequireTopicName(publish.Topic);
        }

        var qos = publish.QualityOfService;
        if (qos > MqttQualityOfService.ExactlyOnce)
        {
            throw new ArgumentException("PUBLISH QoS must be 0, 1 or 2 (§3.3.1.2)");
        }

        if (qos != MqttQualityOfService.AtMostOnce && publish.PacketId == 0)
        {
            throw new ArgumentException("PUBLISH with QoS 1 or 2 needs a non-zero Packet Identifier (§2.2.1)");
        }

        w.WriteString(publish.Topic);
        if (qos != MqttQualityOfService.AtMostOnce)
        {
            w.WriteUInt16(publish.PacketId);
        }

        if (v5)
        {
            WriteProperties(ref w, publish.Properties, (int)MqttPacketType.Publish);
        }

        w.WriteBytes(publish.Payload.Span);
        // §3.3.1.1: DUP is 0 for every QoS 0 message.
        var dup = publish.Duplicate && qos != MqttQualityOfService.AtMostOnce;
        return (byte)(0x30 | (dup ? 0x08 : 0) | ((int)qos << 1) | (publish.Retain ? 0x01 : 0));
    }

    /// <summary>
    /// PUBACK/PUBREC/PUBREL/PUBCOMP: in 5.0 the reason code and properties are left out when
    /// the code is Success and there are no properties (§3.4.2.1).
    /// </summary>
    private static void EncodePublishAck(ref MqttSpanWriter w, MqttPublishAckPacket ack, bool v5)
    {
        RequirePacketId(ack.PacketId, ack.Type);
        w.WriteUInt16(ack.PacketId);
        if (v5 && (ack.ReasonCode != MqttReasonCode.Success || ack.Properties is not null))
        {
            w.WriteByte((byte)ack.ReasonCode);
            if (ack.Properties is not null)
            {
                WriteProperties(ref w, ack.Properties, (int)ack.Type);
            }
        }
    }

    /// <summary>SUBSCRIBE (§3.8.2, §3.8.3): options byte = QoS | NL&lt;&lt;2 | RAP&lt;&lt;3 | RH&lt;&lt;4 (5.0).</summary>
    private static void EncodeSubscribe(ref MqttSpanWriter w, SubscribePacket subscribe, bool v5)
    {
        RequirePacketId(subscribe.PacketId, MqttPacketType.Subscribe);
        if (subscribe.Subscriptions.Count == 0)
        {
            throw new ArgumentException("SUBSCRIBE needs at least one topic filter (§3.8.3)");
        }

        w.WriteUInt16(subscribe.PacketId);
        if (v5)
        {
            WriteProperties(ref w, subscribe.Properties, (int)MqttPacketType.Subscribe);
        }

        foreach (var subscription in subscribe.Subscriptions)
        {
            w.WriteString(subscription.TopicFilter);
            var options = (int)subscription.MaximumQualityOfService;
            if (v5)
            {
                options |= (subscription.NoLocal ? 0x04 : 0) | (subscription.RetainAsPublished ? 0x08 : 0)
                    | ((int)subscription.RetainHandling << 4);
            }

            w.WriteByte((byte)options);
        }
    }

    private static void EncodeSubAck(ref MqttSpanWriter w, SubAckPacket subAck, bool v5)
    {
        RequirePacketId(subAck.PacketId, MqttPacketType.SubAck);
        w.WriteUInt16(subAck.PacketId);
        if (v5)
        {
            WriteProperties(ref w, subAck.Properties, (int)MqttPacketType.SubAck);
        }

        foreach (var code in subAck.ReasonCodes)
        {
            // 3.1.1 §3.9.3 knows only granted QoS 0–2 and 0x80 Failure.
            w.WriteByte(v5 || (byte)code <= 2 ? (byte)code : (byte)0x80);
        }
    }

    private static void EncodeUnsubscribe(ref MqttSpanWriter w, UnsubscribePacket unsubscribe, bool v5)
    {
        RequirePacketId(unsubscribe.PacketId, MqttPacketType.Unsubscribe);
        if (unsubscribe.TopicFilters.Count == 0)
        {
            throw new ArgumentException("UNSUBSCRIBE needs at least one topic filter (§3.10.3)");
        }

        w.WriteUInt16(unsubscribe.PacketId);
        if (v5)
        {
            WriteProperties(ref w, unsubscribe.Properties, (int)MqttPacketType.Unsubscribe);
        }

        foreach (var filter in unsubscribe.TopicFilters)
        {
            w.WriteString(filter);
        }
    }

    private static void EncodeUnsubAck(ref MqttSpanWriter w, UnsubAckPacket unsubAck, bool v5)
    {
        RequirePacketId(unsubAck.PacketId, MqttPacketType.UnsubAck);
        w.WriteUInt16(unsubAck.PacketId);
        if (!v5)
        {
            return;
        }

        WriteProperties(ref w, unsubAck.Properties, (int)MqttPacketType.UnsubAck);
        foreach (var code in unsubAck.ReasonCodes)
        {
            w.WriteByte((byte)code);
        }
    }

    private static void RequireTopicName(string topic)
    {
        if (!MqttTopic.IsValidTopicName(topic))
        {
            throw new ArgumentException($"'{topic}' is not a valid topic name: empty or with a wildcard (§4.7)");
        }
    }

    private static void RequirePacketId(ushort packetId, MqttPacketType type)
    {
        if (packetId == 0)
        {
            throw new ArgumentException($"{type} needs a non-zero Packet Identifier (§2.2.1)");
        }
    }
}
