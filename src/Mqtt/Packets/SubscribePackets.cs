namespace TelemetryGateway.Mqtt.Packets;

/// <summary>Retain Handling subscription option (MQTT 5.0 §3.8.3.1).</summary>
public enum MqttRetainHandling : byte
{
    SendAtSubscribe = 0,
    SendAtSubscribeIfNew = 1,
    DoNotSend = 2,
}

/// <summary>One Topic Filter and its Subscription Options (MQTT 5.0 §3.8.3.1).</summary>
public sealed record MqttSubscription(string TopicFilter, MqttQualityOfService MaximumQualityOfService)
{
    /// <summary>5.0 only: do not receive own publications.</summary>
    public bool NoLocal { get; init; }

    /// <summary>5.0 only: keep the RETAIN flag when forwarding.</summary>
    public bool RetainAsPublished { get; init; }

    /// <summary>5.0 only.</summary>
    public MqttRetainHandling RetainHandling { get; init; }
}

/// <summary>SUBSCRIBE (MQTT 3.1.1 §3.8, MQTT 5.0 §3.8); fixed header flags 0010.</summary>
public sealed class SubscribePacket : MqttPacket, IMqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.Subscribe;

    public ushort PacketId { get; init; }

    /// <summary>At least one (§3.8.3).</summary>
    public required IReadOnlyList<MqttSubscription> Subscriptions { get; init; }

    public MqttProperties? Properties { get; init; }
}

/// <summary>SUBACK (§3.9): one reason code per subscription, in order.</summary>
public sealed class SubAckPacket : MqttPacket, IMqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.SubAck;

    public ushort PacketId { get; init; }

    public required IReadOnlyList<MqttReasonCode> ReasonCodes { get; init; }

    public MqttProperties? Properties { get; init; }
}

/// <summary>UNSUBSCRIBE (§3.10); fixed header flags 0010.</summary>
public sealed class UnsubscribePacket : MqttPacket, IMqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;

    public ushort PacketId { get; init; }

    public required IReadOnlyList<string> TopicFilters { get; init; }

    public MqttProperties? Properties { get; init; }
}

/// <summary>
/// UNSUBACK (§3.11). 3.1.1 has no payload; 5.0 carries one reason code per topic filter.
/// </summary>
public sealed class UnsubAckPacket : MqttPacket, IMqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.UnsubAck;

    public ushort PacketId { get; init; }

    /// <summary>Empty when read from 3.1.1.</summary>
    public IReadOnlyList<MqttReasonCode> ReasonCodes { get; init; } = [];

    public MqttProperties? Properties { get; init; }
}
