using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Transport;

namespace TelemetryGateway.Mqtt.Client;

/// <summary>Publishing (QoS 0/1/2 sender side, MQTT 5.0 §4.3) and requests that expect an answer.</summary>
public sealed partial class MqttClient
{
    /// <summary>
    /// Takes queued messages in order, waits for a connection and a free in-flight slot,
    /// registers QoS 1/2 messages in the session before writing them (so a connection lost
    /// in between re-sends them), and writes.
    /// </summary>
    private async Task SendLoopAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            await foreach (var pending in _pending.Reader.ReadAllAsync(stopping))
            {
                var message = pending.Message;
                var qos = message.QualityOfService;
                while (true)
                {
                    if (qos != MqttQualityOfService.AtMostOnce)
                    {
                        await WaitForInflightSlotAsync(stopping);
                    }

                    var connection = await WaitForConnectionAsync(stopping);
                    await _sendLock.WaitAsync(stopping);
                    try
                    {
                        if (_connection != connection)
                        {
                            continue; // the connection changed while we waited for the lock
                        }

                        var packet = new PublishPacket
                        {
                            Topic = message.Topic,
                            Payload = message.Payload,
                            QualityOfService = qos,
                            Retain = message.Retain,
                            Properties = _options.ProtocolVersion == MqttProtocolVersion.V500 ? message.Properties : null,
                            PacketId = qos == MqttQualityOfService.AtMostOnce ? (ushort)0 : (ushort)1, // real one below
                        };
                        if (!FitsServer(packet, pending))
                        {
                            break;
                        }

                        if (qos != MqttQualityOfService.AtMostOnce)
                        {
                            lock (Session.Sync)
                            {
                                var id = Session.AllocatePacketId(IsRequestId);
                                packet = new PublishPacket
                                {
                                    Topic = packet.Topic,
                                    Payload = packet.Payload,
                                    QualityOfService = qos,
                                    Retain = packet.Retain,
                                    Properties = packet.Properties,
                                    PacketId = id,
                                };
                                Session.Outgoing[id] = new OutgoingFlight(packet, Session.NextSequence(), pending.Completion);
                            }
                        }

                        try
                        {
                            await connection.SendAsync(packet, stopping);
                        }
                        catch (MqttConnectionClosedException) when (qos == MqttQualityOfService.AtMostOnce)
                        {
                            continue; // QoS 0 was not written: try the next connection
                        }
                        catch (MqttConnectionClosedException)
                        {
                            // Registered in the session: the next connection re-sends it.
                        }

                        if (qos == MqttQualityOfService.AtMostOnce)
                        {
                            Counters.MessagePublished();
                            pending.Completion.TrySetResult(new MqttPublishResult(MqttReasonCode.Success));
                        }

                        break;
                    }
                    finally
                    {
                        _sendLock.Release();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>§3.1.2.11.4 / §3.2.2.3.6: never send a packet larger than the server's Maximum Packet Size.</summary>
    private bool FitsServer(PublishPacket packet, PendingPublish pending)
    {
        try
        {
            var size = MqttPacketWriter.GetSize(packet, _options.ProtocolVersion);
            if (size <= _serverMaximumPacketSize)
            {
                return true;
            }

            pending.Completion.TrySetException(new InvalidOperationException(
                $"message of {size} bytes exceeds the server's Maximum Packet Size of {_serverMaximumPacketSize}"));
        }
        catch (ArgumentException ex)
        {
            // Unsendable content (e.g. a property PUBLISH may not carry): this message fails, not the client.
            pending.Completion.TrySetException(ex);
        }

        return false;
    }

    private async Task<MqttConnection> WaitForConnectionAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_connection is { } connection)
            {
                return connection;
            }

            await ((Task)Volatile.Read(ref _connectedSignal).Task).WaitAsync(TimeSpan.FromSeconds(1), _time, cancellationToken)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task WaitForInflightSlotAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (Session.Sync)
            {
                if (Session.Outgoing.Count < Volatile.Read(ref _inflightLimit))
                {
                    return;
                }

                changed = _inflightChanged.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Finishes an outgoing flight (PUBACK, PUBCOMP, or a failure code) and frees its slot.</summary>
    private void CompleteFlight(ushort packetId, MqttReasonCode reasonCode)
    {
        OutgoingFlight? flight;
        TaskCompletionSource changed;
        lock (Session.Sync)
        {
            if (!Session.Outgoing.Remove(packetId, out flight))
            {
                return; // an acknowledgement we no longer wait for (a duplicate): ignore
            }

            changed = _inflightChanged;
            _inflightChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        Counters.MessagePublished();
        flight.Completion.TrySetResult(new MqttPublishResult(reasonCode));
        changed.TrySetResult();
    }

    /// <summary>SUBSCRIBE / UNSUBSCRIBE: send on the current connection and await the matching answer.</summary>
    private async Task<MqttPacket> RequestAsync(Func<ushort, MqttPacket> build, CancellationToken cancellationToken)
    {
        var connection = await WaitForConnectionAsync(cancellationToken);
        var answer = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        ushort id;
        lock (Session.Sync)
        {
            id = Session.AllocatePacketId(IsRequestId);
            _requests[id] = answer;
        }

        try
        {
            await connection.SendAsync(build(id), cancellationToken);
            return await answer.Task.WaitAsync(_options.ConnectTimeout, _time, cancellationToken);
        }
        finally
        {
            lock (Session.Sync)
            {
                _requests.Remove(id);
            }
        }
    }

    /// <summary>Call under <see cref="MqttClientSession.Sync"/>.</summary>
    private bool IsRequestId(ushort id) => _requests.ContainsKey(id);
}
