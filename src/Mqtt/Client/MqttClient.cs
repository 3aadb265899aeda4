using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Transport;

namespace TelemetryGateway.Mqtt.Client;

/// <summary>
/// MQTT 3.1.1 / 5.0 client: QoS 0/1/2 both ways with the session state kept across
/// reconnections, keep alive with dead-server detection, automatic reconnection with
/// jittered exponential backoff, resubscription when the server lost the session, and a
/// bounded queue of messages waiting for the connection.
/// </summary>
/// <remarks>
/// Incoming messages go to one <see cref="MqttMessageHandler"/>, in order; PUBACK (QoS 1) or
/// PUBREC (QoS 2) is sent only after it returned, and a QoS 2 message is handed to it once
/// even when the server sends it again.
/// </remarks>
public sealed partial class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly MqttMessageHandler _handler;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<PendingPublish> _pending;
    private readonly Channel<IncomingPublish> _incoming;
    private readonly CancellationTokenSource _stopping = new();

    // Serialises "which connection" with "what was sent on it": new publications and the
    // re-sending after a reconnection never interleave (MQTT 5.0 §4.6 ordering).
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    private readonly Dictionary<ushort, TaskCompletionSource<MqttPacket>> _requests = [];
    private TaskCompletionSource _inflightChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<MqttConnection> _connectedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile MqttConnection? _connection;
    private int _inflightLimit;
    private uint _serverMaximumPacketSize = uint.MaxValue;
    private long _generation;
    private long _failedGeneration = -1;
    private Task? _runTask;
    private Task? _senderTask;
    private Task? _dispatchTask;
    private int _started;

    public MqttClient(MqttClientOptions options, MqttMessageHandler handler, ILogger<MqttClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        _options = options;
        _handler = handler;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = options.TimeProvider;
        Session = options.Session ?? new MqttClientSession();
        _inflightLimit = Math.Max(1, options.MaximumInflightMessages);
        _pending = Channel.CreateBounded<PendingPublish>(new BoundedChannelOptions(Math.Max(1, options.MaximumPendingMessages))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _incoming = Channel.CreateBounded<IncomingPublish>(new BoundedChannelOptions(options.ReceiveMaximum + 256)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
            // The waiting dispatch loop continues on the read loop's thread instead of being queued to another:
            // a thread switch per wake-up was most of the client's CPU in a QoS 0 flood (perf, mqtt-bench).
            AllowSynchronousContinuations = true,
        });
    }

    /// <summary>Session state; hand it to a new instance to resume (see <see cref="MqttClientOptions.Session"/>).</summary>
    public MqttClientSession Session { get; }

    public MqttClientCounters Counters { get; } = new();

    public bool IsConnected => _connection is not null;

    /// <summary>Client identifier in use (assigned by the server when the options left it empty).</summary>
    public string ClientId => _options.ClientId.Length > 0 ? _options.ClientId : Session.AssignedClientId ?? "";

    /// <summary>Messages waiting for the connection (not yet handed to it).</summary>
    public int PendingMessages => _pending.Reader.Count;

    /// <summary>
    /// Connects once (throws if that fails, e.g. <see cref="MqttConnectException"/> for a
    /// refusal), then keeps the connection up in the background until
    /// <see cref="DisconnectAsync"/>.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("ConnectAsync was already called");
        }

        var (connection, connAck) = await ConnectOnceAsync(first: true, cancellationToken);
        _senderTask = Task.Run(SendLoopAsync);
        _dispatchTask = Task.Run(DispatchLoopAsync);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _runTask = Task.Run(() => RunAsync(connection, connAck, ready));
        await ready.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Publishes a message. Completes when the server acknowledged it: QoS 0 once written,
    /// QoS 1 on PUBACK, QoS 2 on PUBCOMP. Waits while <see cref="MqttClientOptions.MaximumPendingMessages"/>
    /// are queued. Cancelling stops the wait, not a message already accepted.
    /// </summary>
    public async Task<MqttPublishResult> PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!MqttTopic.IsValidTopicName(message.Topic))
        {
            throw new ArgumentException($"'{message.Topic}' is not a valid topic name (MQTT 5.0 §4.7)", nameof(message));
        }

        var pending = new PendingPublish(message);
        try
        {
            await _pending.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            throw new ObjectDisposedException("the MQTT client is stopped", ex);
        }

        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Subscribes and returns the server's reason code per filter (§3.9.3). Successful
    /// subscriptions are remembered and made again whenever the server has lost the session.
    /// </summary>
    public async Task<IReadOnlyList<MqttReasonCode>> SubscribeAsync(IReadOnlyList<MqttSubscription> subscriptions,
        CancellationToken cancellationToken)
    {
        var subAck = (SubAckPacket)await RequestAsync(id => new SubscribePacket { PacketId = id, Subscriptions = subscriptions }, cancellationToken);
        lock (Session.Sync)
        {
            for (var i = 0; i < subscriptions.Count && i < subAck.ReasonCodes.Count; i++)
            {
                if (!subAck.ReasonCodes[i].IsFailure())
                {
                    Session.Subscriptions[subscriptions[i].TopicFilter] = subscriptions[i];
                }
            }
        }

        return subAck.ReasonCodes;
    }

    public Task<IReadOnlyList<MqttReasonCode>> SubscribeAsync(string topicFilter, MqttQualityOfService qos,
        CancellationToken cancellationToken) =>
        SubscribeAsync([new MqttSubscription(topicFilter, qos)], cancellationToken);

    public async Task UnsubscribeAsync(IReadOnlyList<string> topicFilters, CancellationToken cancellationToken)
    {
        lock (Session.Sync)
        {
            foreach (var filter in topicFilters)
            {
                Session.Subscriptions.Remove(filter);
            }
        }

        await RequestAsync(id => new UnsubscribePacket { PacketId = id, TopicFilters = topicFilters }, cancellationToken);
    }

    /// <summary>
    /// Sends DISCONNECT (normal disconnection: the server discards the will, §3.14.4) and
    /// stops. Messages still waiting for the connection fail with <see cref="ObjectDisposedException"/>;
    /// in-flight ones stay in <see cref="Session"/>.
    /// </summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        var connection = _connection;
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel(); // first, so the end of the connection is not taken for a loss
        }

        if (connection is not null)
        {
            try
            {
                await connection.SendAsync(DisconnectPacket.Normal, cancellationToken);
                await connection.CloseAsync(cancellationToken);
            }
            catch (MqttConnectionClosedException)
            {
            }
        }

        await StopAsync();
    }

    /// <summary>Graceful: DISCONNECT, bounded to a few seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await DisconnectAsync(timeout.Token);
        _stopping.Dispose();
        _sendLock.Dispose();
    }

    /// <summary>
    /// Drops the network connection without DISCONNECT, as a network failure or a crash
    /// would (the server then publishes the will). With <paramref name="stop"/> the client
    /// also stops, like a process that died; otherwise it reconnects.
    /// </summary>
    internal async Task AbortConnectionAsync(bool stop)
    {
        if (stop)
        {
            _stopping.Cancel();
        }

        _connection?.Abort();
        if (stop)
        {
            await StopAsync();
        }
    }

    private async Task StopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel();
        }

        _connection?.Abort();
        _pending.Writer.TryComplete();
        _incoming.Writer.TryComplete();
        foreach (var task in new[] { _runTask, _senderTask, _dispatchTask })
        {
            if (task is not null)
            {
                await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        while (_pending.Reader.TryRead(out var pending))
        {
            pending.Completion.TrySetException(new ObjectDisposedException("the MQTT client stopped before sending the message"));
        }
    }

    private sealed class PendingPublish(MqttApplicationMessage message)
    {
        public MqttApplicationMessage Message { get; } = message;

        public TaskCompletionSource<MqttPublishResult> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A received PUBLISH with the connection it arrived on: its acknowledgement goes back on that
    /// connection only (a packet identifier means nothing on another one, MQTT 5.0 §2.2.1).</summary>
    private readonly record struct IncomingPublish(PublishPacket Packet, long Generation, MqttConnection Connection);
}
