using System.Collections.Concurrent;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>
/// Plain counters of the broker, for the gateway's /metrics. Every refusal, drop and
/// protocol error is counted under a short snake_case reason.
/// </summary>
public sealed class MqttBrokerMetrics
{
    private readonly ConcurrentDictionary<string, StrongBox> _protocolErrors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox> _refusals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox> _drops = new(StringComparer.Ordinal);
    private long _connectionsAccepted;
    private long _connectionsActive;
    private long _messagesReceived;
    private long _messagesSent;
    private long _ingestFailures;

    /// <summary>Network connections accepted since start (TCP and TLS).</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);

    public long ConnectionsActive => Interlocked.Read(ref _connectionsActive);

    /// <summary>PUBLISH packets received from clients (a QoS 2 re-send counted once).</summary>
    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    /// <summary>PUBLISH packets written to clients (re-deliveries included).</summary>
    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    /// <summary>Ingest handlers that threw: the message was not acknowledged.</summary>
    public long IngestFailures => Interlocked.Read(ref _ingestFailures);

    public long MessagesDropped => Sum(_drops);

    /// <summary>Connections closed for malformed input or a protocol error, by reason.</summary>
    public IReadOnlyDictionary<string, long> ProtocolErrors => Snapshot(_protocolErrors);

    /// <summary>Refused connections, publications and subscriptions (auth, ACL, limits), by reason.</summary>
    public IReadOnlyDictionary<string, long> Refusals => Snapshot(_refusals);

    /// <summary>Messages not delivered to a subscriber (queue full, too large for it, …), by reason.</summary>
    public IReadOnlyDictionary<string, long> Drops => Snapshot(_drops);

    internal void ConnectionOpened()
    {
        Interlocked.Increment(ref _connectionsAccepted);
        Interlocked.Increment(ref _connectionsActive);
    }

    internal void ConnectionClosed() => Interlocked.Decrement(ref _connectionsActive);

    internal void MessageReceived() => Interlocked.Increment(ref _messagesReceived);

    internal void MessageSent() => Interlocked.Increment(ref _messagesSent);

    internal void IngestFailed() => Interlocked.Increment(ref _ingestFailures);

    internal void ProtocolError(string reason) => Increment(_protocolErrors, reason);

    internal void Refused(string reason) => Increment(_refusals, reason);

    internal void Dropped(string reason) => Increment(_drops, reason);

    private static void Increment(ConcurrentDictionary<string, StrongBox> counters, string reason) =>
        Interlocked.Increment(ref counters.GetOrAdd(reason, static _ => new StrongBox()).Value);

    private static Dictionary<string, long> Snapshot(ConcurrentDictionary<string, StrongBox> counters) =>
        counters.ToDictionary(pair => pair.Key, pair => Interlocked.Read(ref pair.Value.Value), StringComparer.Ordinal);

    private static long Sum(ConcurrentDictionary<string, StrongBox> counters) =>
        counters.Values.Sum(box => Interlocked.Read(ref box.Value));

    private sealed class StrongBox
    {
        public long Value;
    }
}
