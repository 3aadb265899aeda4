namespace TelemetryGateway.Mqtt.Client;

/// <summary>Monotonic counters of one client, for /metrics.</summary>
public sealed class MqttClientCounters
{
    private long _messagesReceived;
    private long _messagesPublished;
    private long _connects;
    private long _reconnects;
    private long _connectFailures;
    private long _protocolErrors;
    private long _duplicatesSuppressed;
    private long _handlerFailures;
    private long _pingTimeouts;
    private long _resent;
    private long _acknowledgementsDropped;

    /// <summary>Messages handed to the handler (and then acknowledged).</summary>
    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    /// <summary>Publications completed (QoS 0 written, QoS 1 PUBACK, QoS 2 PUBCOMP).</summary>
    public long MessagesPublished => Interlocked.Read(ref _messagesPublished);

    public long Connects => Interlocked.Read(ref _connects);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    /// <summary>Malformed or out-of-protocol input from the server.</summary>
    public long ProtocolErrors => Interlocked.Read(ref _protocolErrors);

    /// <summary>QoS 2 messages the server re-sent after we had delivered them: not delivered twice.</summary>
    public long DuplicatesSuppressed => Interlocked.Read(ref _duplicatesSuppressed);

    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    public long PingTimeouts => Interlocked.Read(ref _pingTimeouts);

    /// <summary>PUBLISH (DUP) and PUBREL packets re-sent after a reconnection.</summary>
    public long Resent => Interlocked.Read(ref _resent);

    /// <summary>PUBACK/PUBREC not sent because the connection the message came on had closed meanwhile
    /// (the server sends the message again).</summary>
    public long AcknowledgementsDropped => Interlocked.Read(ref _acknowledgementsDropped);

    internal void AcknowledgementDropped() => Interlocked.Increment(ref _acknowledgementsDropped);

    internal void MessageReceived() => Interlocked.Increment(ref _messagesReceived);

    internal void MessagePublished() => Interlocked.Increment(ref _messagesPublished);

    internal void Connected() => Interlocked.Increment(ref _connects);

    internal void Reconnected() => Interlocked.Increment(ref _reconnects);

    internal void ConnectFailed() => Interlocked.Increment(ref _connectFailures);

    internal void ProtocolError() => Interlocked.Increment(ref _protocolErrors);

    internal void DuplicateSuppressed() => Interlocked.Increment(ref _duplicatesSuppressed);

    internal void HandlerFailed() => Interlocked.Increment(ref _handlerFailures);

    internal void PingTimedOut() => Interlocked.Increment(ref _pingTimeouts);

    internal void Resend() => Interlocked.Increment(ref _resent);
}
