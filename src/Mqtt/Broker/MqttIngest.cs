using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>
/// The gateway's in-process consumer of messages published to the embedded broker. For a
/// QoS 1 or 2 PUBLISH the broker awaits every matching handler before it sends PUBACK or
/// PUBREC, so a message the publisher saw acknowledged has been made durable by the handler.
/// A handler that throws refuses the message: no acknowledgement is sent (5.0: reason 0x80;
/// 3.1.1: the connection is closed so the publisher sends it again).
/// </summary>
public delegate ValueTask MqttIngestHandler(MqttIngestMessage message, CancellationToken cancellationToken);

/// <summary>A message handed to an <see cref="MqttIngestHandler"/>.</summary>
public sealed class MqttIngestMessage
{
    public required string Topic { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQualityOfService QualityOfService { get; init; }

    public bool Retain { get; init; }

    /// <summary>Client id of the publisher; null for a message the broker made (none yet besides wills).</summary>
    public string? ClientId { get; init; }

    /// <summary>Authenticated user name of the publisher, null when anonymous.</summary>
    public string? UserName { get; init; }

    /// <summary>True for a Will Message published on the client's behalf (§3.1.2.5).</summary>
    public bool IsWill { get; init; }

    /// <summary>5.0 properties as received (content type, user properties …); null for 3.1.1.</summary>
    public MqttProperties? Properties { get; init; }

    /// <summary>When the broker received it (its TimeProvider).</summary>
    public DateTimeOffset ReceivedAt { get; init; }
}
