namespace TelemetryGateway.Mqtt.Packets;

/// <summary>CONNECT, CONNACK, DISCONNECT and AUTH.</summary>
public sealed partial class MqttPacketReader
{
    private static ReadOnlySpan<byte> ProtocolName => "MQTT"u8;

    /// <summary>
    /// CONNECT (§3.1.2): "MQTT", level, flags, keep alive, [5.0 properties]; payload client
    /// id, [will properties, will topic, will payload], [user name], [password].
    /// </summary>
    private static ConnectPacket ReadConnect(ref MqttSpanReader reader)
    {
        var name = reader.ReadLengthPrefixed();
        var level = reader.ReadByte();
        // §3.1.2.1 / §3.1.2.2: an unknown name or level is answered with "unsupported
        // protocol version" (3.1.1 return code 1, 5.0 reason 0x84) and the connection closed.
        if (!name.SequenceEqual(ProtocolName) || (level != 4 && level != 5))
        {
            throw new MqttProtocolException(MqttReasonCode.UnsupportedProtocolVersion,
                $"CONNECT asks for protocol level {level}; this implementation speaks 4 (3.1.1) and 5 (5.0)");
        }

        var version = (MqttProtocolVersion)level;
        var flags = reader.ReadByte();
        if ((flags & 0x01) != 0)
        {
            throw MqttProtocolException.Malformed("CONNECT reserved flag is set (MQTT 5.0 §3.1.2.3)");
        }

        var hasWill = (flags & 0x04) != 0;
        var willQos = (flags >> 3) & 0x03;
        var willRetain = (flags & 0x20) != 0;
        var hasPassword = (flags & 0x40) != 0;
        var hasUserName = (flags & 0x80) != 0;
        if (willQos == 3)
        {
            throw MqttProtocolException.Malformed("CONNECT Will QoS 3 (MQTT 5.0 §3.1.2.6)");
        }

        if (!hasWill && (willQos != 0 || willRetain))
        {
            throw MqttProtocolException.Malformed("CONNECT Will QoS or Will Retain without Will Flag (MQTT 5.0 §3.1.2.6, §3.1.2.7)");
        }

        if (version == MqttProtocolVersion.V311 && hasPassword && !hasUserName)
        {
            throw MqttProtocolException.Malformed("CONNECT Password Flag without User Name Flag (MQTT 3.1.1 §3.1.2.9)");
        }

        var keepAlive = reader.ReadUInt16();
        var properties = version == MqttProtocolVersion.V500
            ? ReadProperties(ref reader, (int)MqttPacketType.Connect)
            : null;
        var clientId = reader.ReadString();
        MqttWill? will = null;
        if (hasWill)
        {
            var willProperties = version == MqttProtocolVersion.V500
                ? ReadProperties(ref reader, MqttPropertyTable.WillContext)
                : null;
            var topic = reader.ReadString();
            CheckTopicName(topic, version, allowEmpty: false);
            will = new MqttWill
            {
                Topic = topic,
                Payload = reader.ReadBinary(),
                QualityOfService = (MqttQualityOfService)willQos,
                Retain = willRetain,
                Properties = willProperties,
            };
        }

        return new ConnectPacket
        {
            ProtocolVersion = version,
            ClientId = clientId,
            CleanStart = (flags & 0x02) != 0,
            KeepAliveSeconds = keepAlive,
            Will = will,
            UserName = hasUserName ? reader.ReadString() : null,
            Password = hasPassword ? reader.ReadBinary() : null,
            Properties = properties,
        };
    }

    /// <summary>CONNACK (§3.2.2): acknowledge flags, return/reason code, [5.0 properties].</summary>
    private static ConnAckPacket ReadConnAck(ref MqttSpanReader reader, MqttProtocolVersion version)
    {
        var flags = reader.ReadByte();
        if ((flags & 0xFE) != 0)
        {
            throw MqttProtocolException.Malformed("CONNACK reserved acknowledge flags are set (MQTT 5.0 §3.2.2.1)");
        }

        var code = reader.ReadByte();
        if (version == MqttProtocolVersion.V311)
        {
            return new ConnAckPacket
            {
                SessionPresent = flags == 1,
                ReasonCode = MqttReasonCodes.FromV311ConnectReturnCode(code),
            };
        }

        return new ConnAckPacket
        {
            SessionPresent = flags == 1,
            ReasonCode = (MqttReasonCode)code,
            Properties = ReadProperties(ref reader, (int)MqttPacketType.ConnAck),
        };
    }

    /// <summary>
    /// DISCONNECT: empty in 3.1.1 (§3.14); in 5.0 (§3.14.2.1) a reason code and properties,
    /// each omitted when the Remaining Length ends before it.
    /// </summary>
    private static DisconnectPacket ReadDisconnect(ref MqttSpanReader reader, MqttProtocolVersion version)
    {
        if (version == MqttProtocolVersion.V311 || reader.End)
        {
            return DisconnectPacket.Normal;
        }

        var code = (MqttReasonCode)reader.ReadByte();
        var properties = reader.End ? null : ReadProperties(ref reader, (int)MqttPacketType.Disconnect);
        return new DisconnectPacket { ReasonCode = code, Properties = properties };
    }

    /// <summary>AUTH (§3.15.2): Remaining Length 0 means 0x00 Success and no properties.</summary>
    private static AuthPacket ReadAuth(ref MqttSpanReader reader)
    {
        if (reader.End)
        {
            return new AuthPacket();
        }

        var code = (MqttReasonCode)reader.ReadByte();
        if (code is not (MqttReasonCode.Success or MqttReasonCode.ContinueAuthentication or MqttReasonCode.ReAuthenticate))
        {
            throw MqttProtocolException.Malformed($"AUTH reason code 0x{(byte)code:X2} is not allowed (MQTT 5.0 §3.15.2.1)");
        }

        var properties = reader.End ? null : ReadProperties(ref reader, (int)MqttPacketType.Auth);
        return new AuthPacket { ReasonCode = code, Properties = properties };
    }
}
