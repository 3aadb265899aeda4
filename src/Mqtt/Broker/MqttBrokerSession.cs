using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>
/// Server-side session state (MQTT 5.0 §4.1): subscriptions, QoS 1/2 messages sent and not
/// yet completed, messages queued while the client is away or its in-flight window is full,
/// and the QoS 2 packet ids received and not yet released. Survives the network connection
/// when the client asked for it (Clean Session 0 / Session Expiry Interval &gt; 0).
/// All state is guarded by <see cref="Gate"/>.
/// </summary>
internal sealed class MqttBrokerSession
{
    private readonly Queue<Delivery> _queue = new();
    private readonly Dictionary<ushort, Delivery> _inFlight = [];
    private readonly int _maximumQueued;
    private readonly MqttBrokerMetrics _metrics;
    private readonly TimeProvider _time;
    private ushort _lastPacketId;
    private long _sequence;
    private int _inFlightLimit = 1;

    public MqttBrokerSession(string clientId, int maximumQueued, MqttBrokerMetrics metrics, TimeProvider time)
    {
        ClientId = clientId;
        _maximumQueued = maximumQueued;
        _metrics = metrics;
        _time = time;
    }

    public object Gate { get; } = new();

    public string ClientId { get; }

    /// <summary>User of the connection that last opened the session (ACL read checks).</summary>
    public string? UserName { get; set; }

    public Dictionary<string, MqttSubscription> Subscriptions { get; } = new(StringComparer.Ordinal);

    /// <summary>QoS 2 ids received and acknowledged with PUBREC, until PUBREL (§4.3.3, method B).</summary>
    public HashSet<ushort> IncomingQos2 { get; } = [];

    /// <summary>Seconds the session outlives its connection; 0 ends it with the connection,
    /// <see cref="uint.MaxValue"/> never expires (5.0 §3.1.2.11.2).</summary>
    public uint ExpirySeconds { get; set; }

    public DateTimeOffset? DisconnectedAt { get; set; }

    /// <summary>Changes whenever a connection takes the session, which cancels a delayed will (§3.1.3.2.2).</summary>
    public long Generation { get; set; }

    public MqttBrokerConnection? Connection { get; private set; }

    public int QueuedCount
    {
        get
        {
            lock (Gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Hands a message to the client at <paramref name="qos"/> (already the minimum of the
    /// message's and the subscription's, §3.8.4). QoS 0 goes only to a connected client;
    /// QoS 1/2 is sent when the in-flight window has room and queued otherwise, bounded.
    /// </summary>
    public void Deliver(MqttApplicationMessage message, MqttQualityOfService qos, bool retainFlag)
    {
        lock (Gate)
        {
            var connection = Connection;
            if (qos == MqttQualityOfService.AtMostOnce)
            {
                // 5.0 §4.1: QoS 0 messages of a disconnected client may be discarded; they are.
                if (connection is not null && TryGetProperties(message, out var properties))
                {
                    connection.SendPublish(new PublishPacket
                    {
                        Topic = message.Topic,
                        Payload = message.Payload,
                        Retain = retainFlag,
                        Properties = properties,
                    });
                }

                return;
            }

            var delivery = new Delivery(message, qos, retainFlag);
            if (connection is not null && _queue.Count == 0 && _inFlight.Count < _inFlightLimit)
            {
                Send(connection, delivery);
            }
            else if (_queue.Count >= _maximumQueued)
            {
                _metrics.Dropped("session_queue_full");
            }
            else
            {
                _queue.Enqueue(delivery);
            }
        }
    }

    /// <summary>
    /// Binds the session to a connection that has just been sent CONNACK. When resumed, every
    /// unacknowledged PUBLISH is sent again with DUP set and every pending PUBREL again, with
    /// their original packet ids and in their original order (5.0 §4.4, 3.1.1 §4.4).
    /// </summary>
    public void Attach(MqttBrokerConnection connection, int inFlightLimit)
    {
        lock (Gate)
        {
            Connection = connection;
            DisconnectedAt = null;
            _inFlightLimit = Math.Max(1, inFlightLimit);
            foreach (var (id, delivery) in _inFlight.OrderBy(pair => pair.Value.Sequence))
            {
                if (delivery.Released)
                {
                    connection.Send(MqttPublishAckPacket.Create(MqttPacketType.PubRel, id));
                }
                else
                {
                    connection.SendPublish(ToPacket(id, delivery, duplicate: true));
                }
            }

            Pump(connection);
        }
    }

    /// <summary>Unbinds <paramref name="connection"/>; false when another one has the session already.</summary>
    public bool Detach(MqttBrokerConnection connection, DateTimeOffset now)
    {
        lock (Gate)
        {
            if (!ReferenceEquals(Connection, connection))
            {
                return false;
            }

            Connection = null;
            DisconnectedAt = now;
            return true;
        }
    }

    /// <summary>PUBACK (QoS 1 done) or PUBCOMP (QoS 2 done): frees the id and the window slot.</summary>
    public bool Complete(ushort packetId, MqttQualityOfService expected)
    {
        lock (Gate)
        {
            if (!_inFlight.TryGetValue(packetId, out var delivery) || delivery.QualityOfService != expected)
            {
                return false;
            }

            _inFlight.Remove(packetId);
            if (Connection is { } connection)
            {
                Pump(connection);
            }

            return true;
        }
    }

    /// <summary>
    /// PUBREC: the client has the QoS 2 message; from now on PUBREL is what is re-sent
    /// (§4.3.3). A failure reason code ends the flow there (5.0 §4.3.3). False for an unknown id.
    /// </summary>
    public bool Received(ushort packetId, MqttReasonCode reasonCode)
    {
        lock (Gate)
        {
            if (!_inFlight.TryGetValue(packetId, out var delivery) || delivery.QualityOfService != MqttQualityOfService.ExactlyOnce)
            {
                return false;
            }

            if (reasonCode.IsFailure())
            {
                _inFlight.Remove(packetId);
                if (Connection is { } failed)
                {
                    Pump(failed);
                }

                return true;
            }

            delivery.Released = true;
            Connection?.Send(MqttPublishAckPacket.Create(MqttPacketType.PubRel, packetId));
            return true;
        }
    }

    /// <summary>Sends queued messages while the in-flight window has room.</summary>
    private void Pump(MqttBrokerConnection connection)
    {
        while (_inFlight.Count < _inFlightLimit && _queue.TryDequeue(out var delivery))
        {
            Send(connection, delivery);
        }
    }

    private void Send(MqttBrokerConnection connection, Delivery delivery)
    {
        if (!TryGetProperties(delivery.Message, out var properties))
        {
            return;
        }

        // Properties are fixed at the first attempt: a re-delivery repeats the same packet.
        delivery.Properties = properties;
        var id = NextPacketId();
        delivery.Sequence = ++_sequence;
        _inFlight.Add(id, delivery);
        if (!connection.SendPublish(ToPacket(id, delivery, duplicate: false)))
        {
            // Larger than the client accepts: discarded as if delivered (5.0 §3.1.2.11.4).
            _inFlight.Remove(id);
        }
    }

    /// <summary>False for a message whose Message Expiry Interval ran out while it waited (5.0 §3.3.2.3.3).</summary>
    private bool TryGetProperties(MqttApplicationMessage message, out MqttProperties? properties)
    {
        if (message.TryGetPropertiesToSend(_time.GetUtcNow(), out properties))
        {
            return true;
        }

        _metrics.Dropped("message_expired");
        return false;
    }

    private static PublishPacket ToPacket(ushort id, Delivery delivery, bool duplicate) => new()
    {
        Topic = delivery.Message.Topic,
        Payload = delivery.Message.Payload,
        QualityOfService = delivery.QualityOfService,
        Retain = delivery.RetainFlag,
        Duplicate = duplicate,
        PacketId = id,
        Properties = delivery.Properties,
    };

    /// <summary>Next id not in use by an unacknowledged message (§2.2.1); the window is far below 65,535.</summary>
    private ushort NextPacketId()
    {
        do
        {
            _lastPacketId = _lastPacketId == ushort.MaxValue ? (ushort)1 : (ushort)(_lastPacketId + 1);
        }
        while (_inFlight.ContainsKey(_lastPacketId));

        return _lastPacketId;
    }

    private sealed class Delivery(MqttApplicationMessage message, MqttQualityOfService qos, bool retainFlag)
    {
        public MqttApplicationMessage Message { get; } = message;

        public MqttQualityOfService QualityOfService { get; } = qos;

        public bool RetainFlag { get; } = retainFlag;

        public long Sequence { get; set; }

        public MqttProperties? Properties { get; set; }

        /// <summary>PUBREC received, PUBREL sent: waiting for PUBCOMP.</summary>
        public bool Released { get; set; }
    }
}
