using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Transport;

namespace TelemetryGateway.Mqtt.Client;

/// <summary>Configuration of an <see cref="MqttClient"/>.</summary>
public sealed record MqttClientOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 1883;

    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V500;

    /// <summary>Empty asks the server to assign one (MQTT 5.0 §3.1.3.1; 3.1.1 needs CleanStart then).</summary>
    public string ClientId { get; init; } = "";

    /// <summary>
    /// Clean Session (3.1.1) / Clean Start (5.0) on the first connection. Reconnections of
    /// the same client instance always ask to resume (Clean Start 0) so that in-flight
    /// messages survive; with 3.1.1 Clean Session 1 this is not possible and every
    /// reconnection starts clean.
    /// </summary>
    public bool CleanStart { get; init; } = true;

    /// <summary>
    /// MQTT 5.0 Session Expiry Interval (§3.1.2.11.2) in seconds; 0 ends the session with
    /// the connection, <see cref="uint.MaxValue"/> never expires it. For 3.1.1 a persistent
    /// session is simply Clean Session 0.
    /// </summary>
    public uint SessionExpirySeconds { get; init; }

    /// <summary>Keep Alive (§3.1.2.10); zero turns it off.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long to wait for any packet after a PINGREQ before the server is declared dead
    /// and the connection closed (§3.1.2.10 "a reasonable amount of time"); null = the keep alive.
    /// </summary>
    public TimeSpan? PingTimeout { get; init; }

    public string? UserName { get; init; }

    public byte[]? Password { get; init; }

    public MqttWill? Will { get; init; }

    public MqttTlsOptions? Tls { get; init; }

    /// <summary>For a CONNECT to be answered by CONNACK.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Reconnect after the connection is lost (not after <see cref="MqttClient.DisconnectAsync"/>).</summary>
    public bool AutoReconnect { get; init; } = true;

    /// <summary>First reconnection delay; doubled per failed attempt up to <see cref="MaximumReconnectDelay"/>, with full jitter.</summary>
    public TimeSpan InitialReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaximumReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Messages accepted by <see cref="MqttClient.PublishAsync"/> but not yet handed to the
    /// connection. When full, PublishAsync waits (the caller keeps the message, e.g. in its
    /// durable buffer) rather than the client dropping anything.
    /// </summary>
    public int MaximumPendingMessages { get; init; } = 10_000;

    /// <summary>
    /// Our limit on outgoing QoS 1/2 messages awaiting acknowledgement; the server's
    /// Receive Maximum (5.0 §3.2.2.3.3) lowers it further.
    /// </summary>
    public int MaximumInflightMessages { get; init; } = 100;

    /// <summary>
    /// Incoming QoS 1/2 messages we accept unacknowledged (our Receive Maximum, 5.0
    /// §3.1.2.11.3); also the depth of the queue in front of the message handler.
    /// </summary>
    public ushort ReceiveMaximum { get; init; } = 100;

    /// <summary>
    /// QoS 0/1 messages that may be in the handler at once (handlers start in arrival order;
    /// acknowledgements still leave in arrival order, each after its own handler returned).
    /// 1, the default, hands over one message at a time. Above one, a handler that commits to a
    /// store can have several messages share one transaction instead of one fsync each.
    /// </summary>
    public int MaximumConcurrentDeliveries { get; init; } = 1;

    /// <summary>Largest packet we accept; told to a 5.0 server as Maximum Packet Size (§3.1.2.11.4).</summary>
    public int MaximumIncomingPacketSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Subscriptions made on every connection where the server holds no session for us.</summary>
    public IReadOnlyList<MqttSubscription> Subscriptions { get; init; } = [];

    /// <summary>
    /// Session state to continue from (in-flight messages, received QoS 2 identifiers):
    /// hand the <see cref="MqttClient.Session"/> of a previous instance to resume exactly
    /// where it stopped. Null starts empty.
    /// </summary>
    public MqttClientSession? Session { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
