namespace TelemetryGateway.Mqtt.Packets;

/// <summary>
/// MQTT 5.0 properties (§2.2.2) of one packet or of a Will. A property that is absent is
/// null. Which properties a packet may carry is checked by the reader and the writer
/// against table 2-4; only User Property, and Subscription Identifier in PUBLISH, may
/// appear more than once (§2.2.2.2, §3.3.2.3.8).
/// </summary>
public sealed class MqttProperties
{
    public byte? PayloadFormatIndicator { get; set; }

    public uint? MessageExpiryInterval { get; set; }

    public string? ContentType { get; set; }

    public string? ResponseTopic { get; set; }

    public byte[]? CorrelationData { get; set; }

    /// <summary>One in SUBSCRIBE; one or more in PUBLISH sent by a server (§3.3.2.3.8).</summary>
    public List<uint> SubscriptionIdentifiers { get; } = [];

    public uint? SessionExpiryInterval { get; set; }

    public string? AssignedClientIdentifier { get; set; }

    public ushort? ServerKeepAlive { get; set; }

    public string? AuthenticationMethod { get; set; }

    public byte[]? AuthenticationData { get; set; }

    public byte? RequestProblemInformation { get; set; }

    public uint? WillDelayInterval { get; set; }

    public byte? RequestResponseInformation { get; set; }

    public string? ResponseInformation { get; set; }

    public string? ServerReference { get; set; }

    public string? ReasonString { get; set; }

    public ushort? ReceiveMaximum { get; set; }

    public ushort? TopicAliasMaximum { get; set; }

    public ushort? TopicAlias { get; set; }

    public byte? MaximumQoS { get; set; }

    public byte? RetainAvailable { get; set; }

    /// <summary>Order is kept and names may repeat (§3.1.2.11.8).</summary>
    public List<KeyValuePair<string, string>> UserProperties { get; } = [];

    public uint? MaximumPacketSize { get; set; }

    public byte? WildcardSubscriptionAvailable { get; set; }

    public byte? SubscriptionIdentifierAvailable { get; set; }

    public byte? SharedSubscriptionAvailable { get; set; }
}
