namespace TelemetryGateway.Mqtt.Packets;

/// <summary>MQTT 5.0 property identifiers (§2.2.2.2, table 2-4).</summary>
public enum MqttPropertyId : byte
{
    PayloadFormatIndicator = 0x01,
    MessageExpiryInterval = 0x02,
    ContentType = 0x03,
    ResponseTopic = 0x08,
    CorrelationData = 0x09,
    SubscriptionIdentifier = 0x0B,
    SessionExpiryInterval = 0x11,
    AssignedClientIdentifier = 0x12,
    ServerKeepAlive = 0x13,
    AuthenticationMethod = 0x15,
    AuthenticationData = 0x16,
    RequestProblemInformation = 0x17,
    WillDelayInterval = 0x18,
    RequestResponseInformation = 0x19,
    ResponseInformation = 0x1A,
    ServerReference = 0x1C,
    ReasonString = 0x1F,
    ReceiveMaximum = 0x21,
    TopicAliasMaximum = 0x22,
    TopicAlias = 0x23,
    MaximumQoS = 0x24,
    RetainAvailable = 0x25,
    UserProperty = 0x26,
    MaximumPacketSize = 0x27,
    WildcardSubscriptionAvailable = 0x28,
    SubscriptionIdentifierAvailable = 0x29,
    SharedSubscriptionAvailable = 0x2A,
}

/// <summary>Data types of property values (MQTT 5.0 §1.5).</summary>
internal enum MqttPropertyType : byte
{
    Byte,
    TwoByteInteger,
    FourByteInteger,
    VariableByteInteger,
    Utf8String,
    BinaryData,
    Utf8StringPair,
}

/// <summary>
/// Table 2-4 of MQTT 5.0 §2.2.2.2: the type of every property and the packets that may carry
/// it. Bit n of the mask is packet type n; bit 0 (type 0 is reserved) stands for the Will
/// Properties of CONNECT.
/// </summary>
internal static class MqttPropertyTable
{
    public const int WillContext = 0;

    private const int Will = 1 << WillContext;
    private const int Connect = 1 << 1;
    private const int ConnAck = 1 << 2;
    private const int Publish = 1 << 3;
    private const int PubAck = 1 << 4;
    private const int PubRec = 1 << 5;
    private const int PubRel = 1 << 6;
    private const int PubComp = 1 << 7;
    private const int Subscribe = 1 << 8;
    private const int SubAck = 1 << 9;
    private const int Unsubscribe = 1 << 10;
    private const int UnsubAck = 1 << 11;
    private const int Disconnect = 1 << 14;
    private const int Auth = 1 << 15;
    private const int All = Will | Connect | ConnAck | Publish | PubAck | PubRec | PubRel | PubComp
        | Subscribe | SubAck | Unsubscribe | UnsubAck | Disconnect | Auth;

    public static bool TryGet(byte id, out MqttPropertyType type, out int allowedIn)
    {
        (type, allowedIn) = (MqttPropertyId)id switch
        {
            MqttPropertyId.PayloadFormatIndicator => (MqttPropertyType.Byte, Publish | Will),
            MqttPropertyId.MessageExpiryInterval => (MqttPropertyType.FourByteInteger, Publish | Will),
            MqttPropertyId.ContentType => (MqttPropertyType.Utf8String, Publish | Will),
            MqttPropertyId.ResponseTopic => (MqttPropertyType.Utf8String, Publish | Will),
            MqttPropertyId.CorrelationData => (MqttPropertyType.BinaryData, Publish | Will),
            MqttPropertyId.SubscriptionIdentifier => (MqttPropertyType.VariableByteInteger, Publish | Subscribe),
            MqttPropertyId.SessionExpiryInterval => (MqttPropertyType.FourByteInteger, Connect | ConnAck | Disconnect),
            MqttPropertyId.AssignedClientIdentifier => (MqttPropertyType.Utf8String, ConnAck),
            MqttPropertyId.ServerKeepAlive => (MqttPropertyType.TwoByteInteger, ConnAck),
            MqttPropertyId.AuthenticationMethod => (MqttPropertyType.Utf8String, Connect | ConnAck | Auth),
            MqttPropertyId.AuthenticationData => (MqttPropertyType.BinaryData, Connect | ConnAck | Auth),
            MqttPropertyId.RequestProblemInformation => (MqttPropertyType.Byte, Connect),
            MqttPropertyId.WillDelayInterval => (MqttPropertyType.FourByteInteger, Will),
            MqttPropertyId.RequestResponseInformation => (MqttPropertyType.Byte, Connect),
            MqttPropertyId.ResponseInformation => (MqttPropertyType.Utf8String, ConnAck),
            MqttPropertyId.ServerReference => (MqttPropertyType.Utf8String, ConnAck | Disconnect),
            MqttPropertyId.ReasonString => (MqttPropertyType.Utf8String,
                ConnAck | PubAck | PubRec | PubRel | PubComp | SubAck | UnsubAck | Disconnect | Auth),
            MqttPropertyId.ReceiveMaximum => (MqttPropertyType.TwoByteInteger, Connect | ConnAck),
            MqttPropertyId.TopicAliasMaximum => (MqttPropertyType.TwoByteInteger, Connect | ConnAck),
            MqttPropertyId.TopicAlias => (MqttPropertyType.TwoByteInteger, Publish),
            MqttPropertyId.MaximumQoS => (MqttPropertyType.Byte, ConnAck),
            MqttPropertyId.RetainAvailable => (MqttPropertyType.Byte, ConnAck),
            MqttPropertyId.UserProperty => (MqttPropertyType.Utf8StringPair, All),
            MqttPropertyId.MaximumPacketSize => (MqttPropertyType.FourByteInteger, Connect | ConnAck),
            MqttPropertyId.WildcardSubscriptionAvailable => (MqttPropertyType.Byte, ConnAck),
            MqttPropertyId.SubscriptionIdentifierAvailable => (MqttPropertyType.Byte, ConnAck),
            MqttPropertyId.SharedSubscriptionAvailable => (MqttPropertyType.Byte, ConnAck),
            _ => (MqttPropertyType.Byte, 0),
        };
        return allowedIn != 0;
    }
}
