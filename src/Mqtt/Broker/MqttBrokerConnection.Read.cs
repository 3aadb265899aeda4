using System.Net.Sockets;
using System.Text;
using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Transport;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>The read loop: framing, keep-alive, dispatch by packet type, protocol errors.</summary>
internal sealed partial class MqttBrokerConnection
{
    private async Task ReadLoopAsync(MqttConnection connection)
    {
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _broker.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_readAbort.Token, idle.Token, connection.Closed);
        var depth = Math.Clamp(_broker.Options.MaximumConcurrentIngest, 1, Math.Max(1, (int)_broker.Options.MaximumInFlight));
        Task<MqttPacket?>? reading = null;
        try
        {
            while (true)
            {
                if (reading is null)
                {
                    // The idle timer runs only while we wait for the client: before CONNECT the
                    // connect timeout, then 1.5 × Keep Alive (3.1.1 §3.1.2.10, 5.0 §3.1.2.10).
                    idle.CancelAfter(IdleTimeout());
                    reading = connection.ReadPacketAsync(linked.Token).AsTask();
                }

                // While publishes are being ingested, acknowledge each as soon as it is done, in order,
                // without waiting for the client's next packet.
                if (_pipeline.Count > 0 && !reading.IsCompleted)
                {
                    await Task.WhenAny(reading, _pipeline.Peek().Ingest).ConfigureAwait(false);
                }

                while (_pipeline.Count > 0 && _pipeline.Peek().Ingest.IsCompleted)
                {
                    if (!await CompleteOldestPublishAsync().ConfigureAwait(false))
                    {
                        return;
                    }
                }

                if (!reading.IsCompleted && _pipeline.Count > 0)
                {
                    continue; // an older publish completed first: wait for the next of either again
                }

                // Nothing in the pipeline: simply wait for the client.
                var packet = await reading.ConfigureAwait(false);
                reading = null;
                idle.CancelAfter(Timeout.InfiniteTimeSpan);
                if (packet is PublishPacket { QualityOfService: not MqttQualityOfService.ExactlyOnce } publish && _session is not null)
                {
                    if (!StartPublish(publish))
                    {
                        return;
                    }

                    while (_pipeline.Count >= depth)
                    {
                        if (!await CompleteOldestPublishAsync().ConfigureAwait(false))
                        {
                            return;
                        }
                    }

                    continue;
                }

                // Anything else acts after the publishes before it (a DISCONNECT must not cut their PUBACKs off).
                if ((packet is null || !OvertakesPublishes(packet)) && !await DrainPublishesAsync().ConfigureAwait(false))
                {
                    return;
                }

                if (packet is null || !await HandleAsync(packet).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (MqttProtocolException exception)
        {
            OnDecodeError(exception);
        }
        catch (MqttConnectionClosedException exception)
        {
            // §4.8 / §4.13: a packet cut short by the end of the stream is malformed.
            Fail(MqttReasonCode.MalformedPacket, "truncated_packet", exception.Message);
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !_readAbort.IsCancellationRequested)
        {
            OnIdleTimeout();
        }
        catch (OperationCanceledException)
        {
            // Taken over, outbound overflow, writer failure or broker stopping.
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            _closeHow = "network error";
        }
        finally
        {
            // A read still pending when the loop ends fails once the connection closes; nobody needs its outcome.
            reading?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private TimeSpan IdleTimeout() => _session is null
        ? _broker.Options.ConnectTimeout
        : _keepAliveSeconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(_keepAliveSeconds * 1500.0);

    private void OnIdleTimeout()
    {
        if (_session is null)
        {
            Metrics.ProtocolError("connect_timeout");
            _closeHow = "no CONNECT in time";
            return;
        }

        Metrics.ProtocolError("keep_alive_timeout");
        MqttBrokerLog.KeepAliveTimeout(_broker.Logger, _clientId, _keepAliveSeconds);
        _closeHow = "keep-alive timeout";
        if (IsV5)
        {
            _connection?.TrySend(new DisconnectPacket { ReasonCode = MqttReasonCode.KeepAliveTimeout });
        }
    }

    /// <summary>
    /// Malformed input or a limit broken while decoding. Before CONNECT an unsupported
    /// protocol level is answered with CONNACK return code 1 (3.1.1 §3.1.2.2) / 0x84 (5.0);
    /// after CONNECT a 5.0 client gets DISCONNECT with the reason (§4.13); then we close.
    /// </summary>
    private void OnDecodeError(MqttProtocolException exception)
    {
        if (_session is null && exception.ReasonCode == MqttReasonCode.UnsupportedProtocolVersion)
        {
            Metrics.Refused("unsupported_protocol_version");
            MqttBrokerLog.ConnectRefused(_broker.Logger, Remote, exception.Message);
            _connection?.TrySend(new ConnAckPacket { ReasonCode = MqttReasonCode.UnsupportedProtocolVersion });
            _closeHow = "unsupported protocol version";
            return;
        }

        Fail(exception.ReasonCode, CounterName(exception.ReasonCode), exception.Message);
    }

    /// <summary>Counts and logs a protocol error and tells a connected 5.0 client why; the caller then closes.</summary>
    private bool Fail(MqttReasonCode code, string counter, string reason)
    {
        Metrics.ProtocolError(counter);
        MqttBrokerLog.ProtocolError(_broker.Logger, Remote, _clientId, reason, code);
        _closeHow = reason;
        _sendWill = true;
        if (IsV5 && _session is not null)
        {
            _connection?.TrySend(new DisconnectPacket { ReasonCode = code });
        }

        return false;
    }

    private ValueTask<bool> HandleAsync(MqttPacket packet)
    {
        if (_session is null)
        {
            return packet is ConnectPacket connect
                ? ValueTask.FromResult(HandleConnect(connect))
                : ValueTask.FromResult(Fail(MqttReasonCode.ProtocolError, "first_packet_not_connect",
                    $"first packet {packet.Type} is not CONNECT (MQTT 5.0 §3.1, 3.1.1 §3.1)"));
        }

        switch (packet)
        {
            case PublishPacket publish:
                return HandlePublishAsync(publish);
            case PubAckPacket ack:
                _session.Complete(ack.PacketId, MqttQualityOfService.AtLeastOnce);
                return ValueTask.FromResult(true);
            case PubRecPacket received:
                HandlePubRec(received);
                return ValueTask.FromResult(true);
            case PubRelPacket release:
                HandlePubRel(release);
                return ValueTask.FromResult(true);
            case PubCompPacket complete:
                _session.Complete(complete.PacketId, MqttQualityOfService.ExactlyOnce);
                return ValueTask.FromResult(true);
            case SubscribePacket subscribe:
                return ValueTask.FromResult(HandleSubscribe(subscribe));
            case UnsubscribePacket unsubscribe:
                HandleUnsubscribe(unsubscribe);
                return ValueTask.FromResult(true);
            case PingReqPacket:
                Send(PingRespPacket.Instance);
                return ValueTask.FromResult(true);
            case DisconnectPacket disconnect:
                return ValueTask.FromResult(HandleDisconnect(disconnect));
            case ConnectPacket:
                return ValueTask.FromResult(Fail(MqttReasonCode.ProtocolError, "second_connect",
                    "second CONNECT on one connection (MQTT 5.0 §3.1, 3.1.1 §3.1.0)"));
            default:
                // AUTH without an authentication method, or a packet only a server sends.
                return ValueTask.FromResult(Fail(MqttReasonCode.ProtocolError, "unexpected_packet",
                    $"{packet.Type} is not a packet a client sends here (MQTT 5.0 §2.1.2)"));
        }
    }

    /// <summary>
    /// DISCONNECT (§3.14): no will, unless 5.0 reason 0x04 asks for it. A 5.0 client may change
    /// the Session Expiry Interval, but not from 0 to non-zero (§3.14.2.2.2).
    /// </summary>
    private bool HandleDisconnect(DisconnectPacket disconnect)
    {
        if (disconnect.Properties?.SessionExpiryInterval is { } expiry)
        {
            lock (_session!.Gate)
            {
                if (_session.ExpirySeconds == 0 && expiry != 0)
                {
                    return Fail(MqttReasonCode.ProtocolError, "protocol_error",
                        "DISCONNECT sets Session Expiry Interval after CONNECT had 0 (MQTT 5.0 §3.14.2.2.2)");
                }

                _session.ExpirySeconds = CapExpiry(expiry);
            }
        }

        _sendWill = disconnect.ReasonCode == MqttReasonCode.DisconnectWithWillMessage;
        _closeHow = "DISCONNECT";
        return false;
    }

    /// <summary>"PacketTooLarge" → "packet_too_large", for counters.</summary>
    private static string CounterName(MqttReasonCode code)
    {
        var name = code.ToString();
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
