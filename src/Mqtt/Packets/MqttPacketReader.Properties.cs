namespace TelemetryGateway.Mqtt.Packets;

/// <summary>MQTT 5.0 properties (§2.2.2).</summary>
public sealed partial class MqttPacketReader
{
    /// <summary>
    /// Property Length (a Variable Byte Integer) then identifier/value pairs. §2.2.2.2: an
    /// identifier not valid for the packet, or a value not of its type, is a Malformed
    /// Packet; a second copy of a property other than User Property (and Subscription
    /// Identifier in PUBLISH) is a Protocol Error. Returns null when there are none.
    /// </summary>
    /// <param name="context">Packet type number, or <see cref="MqttPropertyTable.WillContext"/>.</param>
    private static MqttProperties? ReadProperties(ref MqttSpanReader reader, int context)
    {
        var length = reader.ReadVariableByteInteger();
        if (length == 0)
        {
            return null;
        }

        if (length > reader.Remaining)
        {
            throw MqttProtocolException.Malformed("Property Length runs past the packet (MQTT 5.0 §2.2.2.1)");
        }

        var inner = new MqttSpanReader(reader.ReadBytes(length));
        var properties = new MqttProperties();
        ulong seen = 0;
        while (!inner.End)
        {
            var rawId = inner.ReadVariableByteInteger();
            if (rawId > byte.MaxValue || !MqttPropertyTable.TryGet((byte)rawId, out var type, out var allowedIn)
                || (allowedIn & (1 << context)) == 0)
            {
                throw MqttProtocolException.Malformed(
                    $"property 0x{rawId:X2} is not valid in {ContextName(context)} (MQTT 5.0 §2.2.2.2)");
            }

            var id = (MqttPropertyId)rawId;
            var repeatable = id == MqttPropertyId.UserProperty
                || (id == MqttPropertyId.SubscriptionIdentifier && context == (int)MqttPacketType.Publish);
            var bit = 1UL << rawId;
            if ((seen & bit) != 0 && !repeatable)
            {
                throw MqttProtocolException.Protocol($"property {id} appears twice (MQTT 5.0 §2.2.2.2)");
            }

            seen |= bit;
            ReadProperty(ref inner, id, type, properties);
        }

        return properties;
    }

    private static void ReadProperty(ref MqttSpanReader reader, MqttPropertyId id, MqttPropertyType type,
        MqttProperties properties)
    {
        switch (type)
        {
            case MqttPropertyType.Byte:
                SetByte(properties, id, reader.ReadByte());
                break;
            case MqttPropertyType.TwoByteInteger:
                SetTwoByte(properties, id, reader.ReadUInt16());
                break;
            case MqttPropertyType.FourByteInteger:
                SetFourByte(properties, id, reader.ReadUInt32());
                break;
            case MqttPropertyType.VariableByteInteger:
                // The only one is Subscription Identifier: 1 to 268,435,455 (§3.3.2.3.8).
                var subscriptionId = reader.ReadVariableByteInteger();
                if (subscriptionId == 0)
                {
                    throw MqttProtocolException.Protocol("Subscription Identifier 0 (MQTT 5.0 §3.8.2.1.2)");
                }

                properties.SubscriptionIdentifiers.Add((uint)subscriptionId);
                break;
            case MqttPropertyType.Utf8String:
                SetString(properties, id, reader.ReadString());
                break;
            case MqttPropertyType.BinaryData:
                if (id == MqttPropertyId.CorrelationData)
                {
                    properties.CorrelationData = reader.ReadBinary();
                }
                else
                {
                    properties.AuthenticationData = reader.ReadBinary();
                }

                break;
            case MqttPropertyType.Utf8StringPair:
                var name = reader.ReadString();
                properties.UserProperties.Add(new(name, reader.ReadString()));
                break;
        }
    }

    private static void SetByte(MqttProperties properties, MqttPropertyId id, byte value)
    {
        // Every byte property is a 0/1 switch except Maximum QoS, which is 0 or 1 too
        // (§3.2.2.3.4: a server supporting QoS 2 omits it); other values are Protocol Errors.
        if (value > 1)
        {
            throw MqttProtocolException.Protocol($"property {id} has value {value}; only 0 or 1 are allowed (MQTT 5.0 §3)");
        }

        switch (id)
        {
            case MqttPropertyId.PayloadFormatIndicator: properties.PayloadFormatIndicator = value; break;
            case MqttPropertyId.RequestProblemInformation: properties.RequestProblemInformation = value; break;
            case MqttPropertyId.RequestResponseInformation: properties.RequestResponseInformation = value; break;
            case MqttPropertyId.MaximumQoS: properties.MaximumQoS = value; break;
            case MqttPropertyId.RetainAvailable: properties.RetainAvailable = value; break;
            case MqttPropertyId.WildcardSubscriptionAvailable: properties.WildcardSubscriptionAvailable = value; break;
            case MqttPropertyId.SubscriptionIdentifierAvailable: properties.SubscriptionIdentifierAvailable = value; break;
            case MqttPropertyId.SharedSubscriptionAvailable: properties.SharedSubscriptionAvailable = value; break;
        }
    }

    private static void SetTwoByte(MqttProperties properties, MqttPropertyId id, ushort value)
    {
        switch (id)
        {
            case MqttPropertyId.ServerKeepAlive: properties.ServerKeepAlive = value; break;
            case MqttPropertyId.ReceiveMaximum:
                // §3.1.2.11.3 / §3.2.2.3.3: "It is a Protocol Error to include the value 0".
                properties.ReceiveMaximum = value != 0
                    ? value
                    : throw MqttProtocolException.Protocol("Receive Maximum 0 (MQTT 5.0 §3.1.2.11.3)");
                break;
            case MqttPropertyId.TopicAliasMaximum: properties.TopicAliasMaximum = value; break;
            case MqttPropertyId.TopicAlias: properties.TopicAlias = value; break;
        }
    }

    private static void SetFourByte(MqttProperties properties, MqttPropertyId id, uint value)
    {
        switch (id)
        {
            case MqttPropertyId.MessageExpiryInterval: properties.MessageExpiryInterval = value; break;
            case MqttPropertyId.SessionExpiryInterval: properties.SessionExpiryInterval = value; break;
            case MqttPropertyId.WillDelayInterval: properties.WillDelayInterval = value; break;
            case MqttPropertyId.MaximumPacketSize:
                // §3.1.2.11.4: "It is a Protocol Error to include ... the value zero".
                properties.MaximumPacketSize = value != 0
                    ? value
                    : throw MqttProtocolException.Protocol("Maximum Packet Size 0 (MQTT 5.0 §3.1.2.11.4)");
                break;
        }
    }

    private static void SetString(MqttProperties properties, MqttPropertyId id, string value)
    {
        switch (id)
        {
            case MqttPropertyId.ContentType: properties.ContentType = value; break;
            case MqttPropertyId.ResponseTopic: properties.ResponseTopic = value; break;
            case MqttPropertyId.AssignedClientIdentifier: properties.AssignedClientIdentifier = value; break;
            case MqttPropertyId.AuthenticationMethod: properties.AuthenticationMethod = value; break;
            case MqttPropertyId.ResponseInformation: properties.ResponseInformation = value; break;
            case MqttPropertyId.ServerReference: properties.ServerReference = value; break;
            case MqttPropertyId.ReasonString: properties.ReasonString = value; break;
        }
    }

    private static string ContextName(int context) =>
        context == MqttPropertyTable.WillContext ? "Will Properties" : ((MqttPacketType)context).ToString().ToUpperInvariant();
}
