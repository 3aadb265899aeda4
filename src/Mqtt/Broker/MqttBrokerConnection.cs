using System.Net.Security;
using System.Net.Sockets;
using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Transport;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>
/// One client's network connection on the shared transport (<see cref="MqttConnection"/>: a
/// packet reader and one writer behind a bounded queue): a read loop that handles packets in
/// order, session and will bookkeeping, and the close. Any failure ends this connection only.
/// </summary>
internal sealed partial class MqttBrokerConnection
{
    private static readonly TimeSpan WriterDrainTimeout = TimeSpan.FromSeconds(5);

    private readonly MqttBroker _broker;
    private readonly Socket _socket;
    private readonly bool _overLimit;
    private readonly CancellationTokenSource _readAbort;
    private MqttConnection? _connection;
    private MqttProtocolVersion _version = MqttProtocolVersion.V311;
    private MqttBrokerSession? _session;
    private MqttWill? _will;
    private string _clientId = "";
    private string? _userName;
    private string? _certificateUserName;
    private ushort _keepAliveSeconds;
    private uint _clientMaximumPacketSize = uint.MaxValue;
    private bool _sendWill = true;
    private string _closeHow = "network connection closed";

    public MqttBrokerConnection(MqttBroker broker, Socket socket, bool overLimit)
    {
        _broker = broker;
        _socket = socket;
        _overLimit = overLimit;
        Remote = socket.RemoteEndPoint?.ToString() ?? "?";
        _readAbort = CancellationTokenSource.CreateLinkedTokenSource(broker.Stopping);
    }

    public string Remote { get; }

    private bool IsV5 => _version == MqttProtocolVersion.V500;

    private MqttBrokerMetrics Metrics => _broker.Metrics;

    public async Task RunAsync(SslServerAuthenticationOptions? tls)
    {
        Stream stream = new NetworkStream(_socket, ownsSocket: true);
        if (tls is not null)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(_readAbort.Token);
                handshake.CancelAfter(_broker.Options.ConnectTimeout);
                await ssl.AuthenticateAsServerAsync(tls, handshake.Token).ConfigureAwait(false);
                if (_broker.Options.Tls?.UseCertificateCommonNameAsUserName == true)
                {
                    _certificateUserName = MqttBrokerTls.CommonName(ssl.RemoteCertificate);
                }
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException
                or System.Security.Authentication.AuthenticationException or SocketException)
            {
                Metrics.Refused("tls_handshake");
                MqttBrokerLog.TlsFailed(_broker.Logger, exception, Remote);
                await ssl.DisposeAsync().ConfigureAwait(false);
                return;
            }

            stream = ssl;
        }

        // The reader starts at 3.1.1 and switches itself to the level of the CONNECT it decodes
        // (§3.1.2.2); a refusal before that is written in the 3.1.1 layout, which both levels read.
        await using var connection = new MqttConnection(stream, MqttProtocolVersion.V311,
            _broker.Options.MaximumPacketSize, _broker.Options.OutboundQueueCapacity);
        _connection = connection;
        try
        {
            await ReadLoopAsync(connection).ConfigureAwait(false);
        }
        finally
        {
            if (_session is { } session)
            {
                var will = _sendWill && !_broker.Stopping.IsCancellationRequested ? _will : null;
                _broker.CloseSession(this, session, will, _userName);
                MqttBrokerLog.ClientDisconnected(_broker.Logger, _clientId, _closeHow);
            }

            // Lets CONNACK refusals and DISCONNECT reasons go out; a client that does not read
            // is cut off after the drain timeout.
            using var drain = new CancellationTokenSource(WriterDrainTimeout);
            await connection.CloseAsync(drain.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Queues a control packet; a full queue means the client does not read, and it is closed.</summary>
    public void Send(MqttPacket packet)
    {
        if (_connection is not { } connection)
        {
            return;
        }

        if (connection.TrySend(packet))
        {
            if (packet is PublishPacket)
            {
                Metrics.MessageSent();
            }
        }
        else if (!connection.Closed.IsCancellationRequested)
        {
            Metrics.Dropped("outbound_queue_full");
            MqttBrokerLog.OutboundOverflow(_broker.Logger, _clientId);
            _closeHow = "outbound queue full";
            Abort();
        }
    }

    /// <summary>
    /// Queues a PUBLISH. A QoS 0 message that does not fit the queue is dropped and counted; a
    /// QoS 1/2 one closes the connection and stays in the session for re-delivery. False when the
    /// packet exceeds the client's Maximum Packet Size: discarded as if sent (5.0 §3.1.2.11.4).
    /// </summary>
    public bool SendPublish(PublishPacket packet)
    {
        if (_clientMaximumPacketSize != uint.MaxValue
            && MqttPacketWriter.GetSize(packet, _version) > _clientMaximumPacketSize)
        {
            Metrics.Dropped("too_large_for_client");
            return false;
        }

        if (packet.QualityOfService != MqttQualityOfService.AtMostOnce)
        {
            Send(packet);
        }
        else if (_connection?.TrySend(packet) == true)
        {
            Metrics.MessageSent();
        }
        else
        {
            Metrics.Dropped("outbound_queue_full");
        }

        return true;
    }

    /// <summary>Another connection opened the same client id (5.0 §3.1.4 step 3: DISCONNECT 0x8E).</summary>
    public void TakeOver()
    {
        MqttBrokerLog.TakenOver(_broker.Logger, _clientId);
        if (IsV5)
        {
            _connection?.TrySend(new DisconnectPacket { ReasonCode = MqttReasonCode.SessionTakenOver });
        }

        _closeHow = "session taken over";
        Abort();
    }

    /// <summary>The broker is stopping (5.0: DISCONNECT 0x8B Server shutting down).</summary>
    public void Shutdown()
    {
        if (IsV5 && _session is not null)
        {
            _connection?.TrySend(new DisconnectPacket { ReasonCode = MqttReasonCode.ServerShuttingDown });
        }

        _closeHow = "broker stopping";
        Abort();
    }

    /// <summary>Ends the read loop; callbacks run off the caller's thread, which may hold a session lock.</summary>
    private void Abort() => _ = _readAbort.CancelAsync();
}
