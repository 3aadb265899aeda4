using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Client;

/// <summary>An application message to publish.</summary>
public sealed class MqttApplicationMessage
{
    public required string Topic { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQualityOfService QualityOfService { get; init; }

    public bool Retain { get; init; }

    /// <summary>5.0 only: PUBLISH properties (content type, message expiry, user properties …).</summary>
    public MqttProperties? Properties { get; init; }
}

/// <summary>
/// A message the server delivered. The client acknowledges it (PUBACK for QoS 1, PUBREC for
/// QoS 2) only after the handler returned, so a message whose handler failed or never ran
/// is delivered again by the server.
/// </summary>
public sealed class MqttReceivedMessage
{
    public required string Topic { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQualityOfService QualityOfService { get; init; }

    public bool Retain { get; init; }

    /// <summary>The DUP flag: the server may have sent it before (QoS 1 can then repeat).</summary>
    public bool Duplicate { get; init; }

    public MqttProperties? Properties { get; init; }
}

/// <summary>
/// Receives messages in the order the server sent them, one at a time. Return only once
/// the message is safe (e.g. durable): returning is what acknowledges it.
/// </summary>
public delegate ValueTask MqttMessageHandler(MqttReceivedMessage message, CancellationToken cancellationToken);

/// <summary>How a publication ended: PUBACK / PUBREC reason code (5.0), Success for QoS 0 and 3.1.1.</summary>
public readonly record struct MqttPublishResult(MqttReasonCode ReasonCode)
{
    public bool Succeeded => !ReasonCode.IsFailure();
}

/// <summary>The server refused CONNECT (CONNACK with a failure code).</summary>
public sealed class MqttConnectException : Exception
{
    public MqttConnectException(MqttReasonCode reasonCode, string message)
        : base(message)
    {
        ReasonCode = reasonCode;
    }

    public MqttReasonCode ReasonCode { get; }
}
