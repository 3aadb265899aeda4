namespace TelemetryGateway.Mqtt.Packets;

/// <summary>MQTT 5.0 properties (§2.2.2).</summary>
public static partial class MqttPacketWriter
{
    /// <summary>Property Length then the properties; null writes a length of 0.</summary>
    private static void WriteProperties(ref MqttSpanWriter w, MqttProperties? properties, int context)
    {
        if (properties is null)
        {
            w.WriteVariableByteInteger(0);
            return;
        }

        var counter = MqttSpanWriter.Counter();
        WritePropertyValues(ref counter, properties, context);
        w.WriteVariableByteInteger(counter.Position);
        WritePropertyValues(ref w, properties, context);
    }

    private static void WritePropertyValues(ref MqttSpanWriter w, MqttProperties p, int context)
    {
        WriteByte(ref w, MqttPropertyId.PayloadFormatIndicator, p.PayloadFormatIndicator, context);
        WriteFour(ref w, MqttPropertyId.MessageExpiryInterval, p.MessageExpiryInterval, context);
        WriteString(ref w, MqttPropertyId.ContentType, p.ContentType, context);
        WriteString(ref w, MqttPropertyId.ResponseTopic, p.ResponseTopic, context);
        WriteBinary(ref w, MqttPropertyId.CorrelationData, p.CorrelationData, context);
        if (p.SubscriptionIdentifiers.Count > 1 && context != (int)MqttPacketType.Publish)
        {
            throw new ArgumentException("only PUBLISH may carry more than one Subscription Identifier (§3.8.2.1.2)");
        }

        foreach (var id in p.SubscriptionIdentifiers)
        {
            if (id is 0 or > MqttVariableByteInteger.MaximumValue)
            {
                throw new ArgumentException($"Subscription Identifier {id} is outside 1..268,435,455 (§3.8.2.1.2)");
            }

            Start(ref w, MqttPropertyId.SubscriptionIdentifier, context);
            w.WriteVariableByteInteger((int)id);
        }

        WriteFour(ref w, MqttPropertyId.SessionExpiryInterval, p.SessionExpiryInterval, context);
        WriteString(ref w, MqttPropertyId.AssignedClientIdentifier, p.AssignedClientIdentifier, context);
        WriteTwo(ref w, MqttPropertyId.ServerKeepAlive, p.ServerKeepAlive, context);
        WriteString(ref w, MqttPropertyId.AuthenticationMethod, p.AuthenticationMethod, context);
        WriteBinary(ref w, MqttPropertyId.AuthenticationData, p.AuthenticationData, context);
        WriteByte(ref w, MqttPropertyId.RequestProblemInformation, p.RequestProblemInformation, context);
        WriteFour(ref w, MqttPropertyId.WillDelayInterval, p.WillDelayInterval, context);
        WriteByte(ref w, MqttPropertyId.RequestResponseInformation, p.RequestResponseInformation, context);
        WriteString(ref w, MqttPropertyId.ResponseInformation, p.ResponseInformation, context);
        WriteString(ref w, MqttPropertyId.ServerReference, p.ServerReference, context);
        WriteString(ref w, MqttPropertyId.ReasonString, p.ReasonString, context);
        WriteTwo(ref w, MqttPropertyId.ReceiveMaximum, p.ReceiveMaximum, context);
        WriteTwo(ref w, MqttPropertyId.TopicAliasMaximum, p.TopicAliasMaximum, context);
        WriteTwo(ref w, MqttPropertyId.TopicAlias, p.TopicAlias, context);
        WriteByte(ref w, MqttPropertyId.MaximumQoS, p.MaximumQoS, context);
        WriteByte(ref w, MqttPropertyId.RetainAvailable, p.RetainAvailable, context);
        foreach (var (name, value) in p.UserProperties)
        {
            Start(ref w, MqttPropertyId.UserProperty, context);
            w.WriteString(name);
            w.WriteString(value);
        }

        WriteFour(ref w, MqttPropertyId.MaximumPacketSize, p.MaximumPacketSize, context);
        WriteByte(ref w, MqttPropertyId.WildcardSubscriptionAvailable, p.WildcardSubscriptionAvailable, context);
        WriteByte(ref w, MqttPropertyId.SubscriptionIdentifierAvailable, p.SubscriptionIdentifierAvailable, context);
        WriteByte(ref w, MqttPropertyId.SharedSubscriptionAvailable, p.SharedSubscriptionAvailable, context);
    }

    private static void Start(ref MqttSpanWriter w, MqttPropertyId id, int context)
    {
        MqttPropertyTable.TryGet((byte)id, out _, out var allowedIn);
        if ((allowedIn & (1 << context)) == 0)
        {
            var where = context == MqttPropertyTable.WillContext ? "Will Properties" : ((MqttPacketType)context).ToString();
            throw new ArgumentException($"property {id} is not allowed in {where} (MQTT 5.0 §2.2.2.2)");
        }

        w.WriteVariableByteInteger((int)id);
    }

    private static void WriteByte(ref MqttSpanWriter w, MqttPropertyId id, byte? value, int context)
    {
        if (value is { } v)
        {
            Start(ref w, id, context);
            w.WriteByte(v);
        }
    }

    private static void WriteTwo(ref MqttSpanWriter w, MqttPropertyId id, ushort? value, int context)
    {
        if (value is { } v)
        {
            Start(ref w, id, context);
            w.WriteUInt16(v);
        }
    }

    private static void WriteFour(ref MqttSpanWriter w, MqttPropertyId id, uint? value, int context)
    {
        if (value is { } v)
        {
            Start(ref w, id, context);
            w.WriteUInt32(v);
        }
    }

    private static void WriteString(ref MqttSpanWriter w, MqttPropertyId id, string? value, int context)
    {
        if (value is not null)
        {
            Start(ref w, id, context);
            w.WriteString(value);
        }
    }

    private static void WriteBinary(ref MqttSpanWriter w, MqttPropertyId id, byte[]? value, int context)
    {
        if (value is not null)
        {
            Start(ref w, id, context);
            w.WriteBinary(value);
        }
    }
}
