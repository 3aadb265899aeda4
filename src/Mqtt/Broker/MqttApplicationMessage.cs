using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>
/// One application message as the broker routes it: stored once and referenced by every
/// session that receives it (the packet id, DUP and RETAIN flags are per delivery).
/// </summary>
internal sealed class MqttApplicationMessage
{
    public required string Topic { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQualityOfService QualityOfService { get; init; }

    public bool Retain { get; init; }

    /// <summary>5.0 properties forwarded to subscribers (§3.3.2.3): Topic Alias and
    /// Subscription Identifiers removed, they belong to one network connection.</summary>
    public MqttProperties? Properties { get; init; }

    /// <summary>Client id of the publisher; null for a message the broker made itself.</summary>
    public string? SenderClientId { get; init; }

    /// <summary>When the broker took it; the Message Expiry Interval counts from here (5.0 §3.3.2.3.3).</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>
    /// The properties to send at <paramref name="now"/>: Message Expiry Interval lowered by the
    /// time spent in the broker. False when it has run out: the copy must be deleted (§3.3.2.3.3).
    /// </summary>
    public bool TryGetPropertiesToSend(DateTimeOffset now, out MqttProperties? properties)
    {
        properties = Properties;
        if (Properties?.MessageExpiryInterval is not { } expiry)
        {
            return true;
        }

        var waited = (now - ReceivedAt).TotalSeconds;
        if (waited >= expiry)
        {
            return false;
        }

        var whole = (uint)Math.Max(0, Math.Floor(waited));
        if (whole == 0)
        {
            return true;
        }

        properties = ForwardableProperties(Properties)!;
        properties.MessageExpiryInterval = expiry - whole;
        return true;
    }

    /// <summary>Properties a subscriber receives: everything but Topic Alias and Subscription Identifier.</summary>
    internal static MqttProperties? ForwardableProperties(MqttProperties? received)
    {
        if (received is null)
        {
            return null;
        }

        var forwarded = new MqttProperties
        {
            PayloadFormatIndicator = received.PayloadFormatIndicator,
            MessageExpiryInterval = received.MessageExpiryInterval,
            ContentType = received.ContentType,
            ResponseTopic = received.ResponseTopic,
            CorrelationData = received.CorrelationData,
        };
        forwarded.UserProperties.AddRange(received.UserProperties);
        var empty = forwarded.PayloadFormatIndicator is null && forwarded.MessageExpiryInterval is null
            && forwarded.ContentType is null && forwarded.ResponseTopic is null && forwarded.CorrelationData is null
            && forwarded.UserProperties.Count == 0;
        return empty ? null : forwarded;
    }
}
