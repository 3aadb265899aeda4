using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Client;

/// <summary>
/// The client's half of the MQTT session state (MQTT 5.0 §4.1): QoS 1 and 2 messages sent
/// but not completely acknowledged, QoS 2 messages received but not completely
/// acknowledged, and the subscriptions to restore when the server lost its half. It lives
/// across reconnections of one client, and can be handed to a new client instance
/// (<see cref="MqttClientOptions.Session"/>) to resume after a restart of the component.
/// </summary>
public sealed class MqttClientSession
{
    internal readonly object Sync = new();

    /// <summary>Outgoing QoS 1/2 messages by Packet Identifier (§4.3.2, §4.3.3).</summary>
    internal readonly Dictionary<ushort, OutgoingFlight> Outgoing = [];

    /// <summary>
    /// Incoming QoS 2 Packet Identifiers delivered to the application and PUBREC sent,
    /// PUBREL not yet received (§4.3.3 method B): a re-sent PUBLISH with one of these is
    /// acknowledged but not delivered again.
    /// </summary>
    internal readonly HashSet<ushort> IncomingQos2 = [];

    /// <summary>Subscriptions made through <see cref="MqttClient.SubscribeAsync"/>, by filter.</summary>
    internal readonly Dictionary<string, MqttSubscription> Subscriptions = new(StringComparer.Ordinal);

    private ushort _lastPacketId;
    private long _sequence;

    /// <summary>Client identifier assigned by a 5.0 server (§3.2.2.3.7), reused on reconnection.</summary>
    internal string? AssignedClientId { get; set; }

    /// <summary>Outgoing messages awaiting PUBACK, PUBREC or PUBCOMP.</summary>
    public int OutgoingInflight
    {
        get
        {
            lock (Sync)
            {
                return Outgoing.Count;
            }
        }
    }

    /// <summary>Received QoS 2 messages awaiting PUBREL.</summary>
    public int IncomingQos2Pending
    {
        get
        {
            lock (Sync)
            {
                return IncomingQos2.Count;
            }
        }
    }

    /// <summary>Next free non-zero Packet Identifier (§2.2.1); call under <see cref="Sync"/>.</summary>
    internal ushort AllocatePacketId(Func<ushort, bool> inUseElsewhere)
    {
        for (var i = 0; i < ushort.MaxValue; i++)
        {
            _lastPacketId = _lastPacketId == ushort.MaxValue ? (ushort)1 : (ushort)(_lastPacketId + 1);
            if (!Outgoing.ContainsKey(_lastPacketId) && !inUseElsewhere(_lastPacketId))
            {
                return _lastPacketId;
            }
        }

        throw new InvalidOperationException("all 65,535 packet identifiers are in use");
    }

    internal long NextSequence() => ++_sequence;

    /// <summary>In-flight messages in the order they were first sent (§4.6 ordering on re-send).</summary>
    internal List<OutgoingFlight> OutgoingInOrder()
    {
        var flights = Outgoing.Values.ToList();
        flights.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return flights;
    }
}

/// <summary>One outgoing QoS 1/2 message between PUBLISH and its final acknowledgement.</summary>
internal sealed class OutgoingFlight(PublishPacket packet, long sequence, TaskCompletionSource<MqttPublishResult> completion)
{
    public PublishPacket Packet { get; set; } = packet;

    public long Sequence { get; } = sequence;

    /// <summary>QoS 2: PUBREC received and PUBREL sent; awaiting PUBCOMP.</summary>
    public bool Released { get; set; }

    /// <summary>What the publisher awaits; completed on PUBACK / PUBCOMP / a failure code.</summary>
    public TaskCompletionSource<MqttPublishResult> Completion { get; } = completion;
}
