namespace TelemetryGateway.Mqtt.Packets;

/// <summary>PUBLISH (MQTT 3.1.1 §3.3, MQTT 5.0 §3.3).</summary>
public sealed class PublishPacket : MqttPacket, IMqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.Publish;

    /// <summary>
    /// Topic Name (§3.3.2.1): no wildcards. In 5.0 it may be empty when a Topic Alias is set.
    /// </summary>
    public required string Topic { get; init; }

    public MqttQualityOfService QualityOfService { get; init; }

    /// <summary>DUP flag (§3.3.1.1): set when this is a re-delivery of an earlier attempt.</summary>
    public bool Duplicate { get; init; }

    public bool Retain { get; init; }

    /// <summary>Only for QoS 1 and 2 (§2.2.1); 0 for QoS 0.</summary>
    public ushort PacketId { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttProperties? Properties { get; init; }

    /// <summary>The same message with the DUP flag set, for re-sending (§4.4).</summary>
    public PublishPacket AsDuplicate() => new()
    {
        Topic = Topic,
        QualityOfService = QualityOfService,
        Duplicate = true,
        Retain = Retain,
        PacketId = PacketId,
        Payload = Payload,
        Properties = Properties,
    };
}
