using System.Threading.Channels;
using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Transport;

namespace TelemetryGateway.Mqtt.Client;

/// <summary>Reading packets and delivering messages (QoS receiver side, MQTT 5.0 §4.3).</summary>
public sealed partial class MqttClient
{
    private async Task ReadLoopAsync(ConnectionState state)
    {
        var connection = state.Connection;
        try
        {
            while (await connection.ReadPacketAsync(connection.Closed) is { } packet)
            {
                Volatile.Write(ref state.LastReceived, _time.GetTimestamp());
                await HandlePacketAsync(state, packet);
            }
        }
        catch (MqttProtocolException ex)
        {
            Counters.ProtocolError();
            MqttClientLog.ProtocolError(_logger, ClientId, ex.ReasonCode, ex.Message);
            // MQTT 5.0 §4.13.1: tell the server why before closing.
            if (_options.ProtocolVersion == MqttProtocolVersion.V500)
            {
                connection.TrySend(new DisconnectPacket { ReasonCode = ex.ReasonCode });
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await connection.CloseAsync(grace.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ended; RunAsync reconnects.
        }
    }

    private async ValueTask HandlePacketAsync(ConnectionState state, MqttPacket packet)
    {
        switch (packet)
        {
            case PublishPacket publish:
                // Bounded: when the handler falls behind, reading stops and TCP pushes back.
                await _incoming.Writer.WriteAsync(new IncomingPublish(publish, state.Generation, state.Connection), state.Connection.Closed);
                break;
            case PubAckPacket pubAck:
                CompleteFlight(pubAck.PacketId, pubAck.ReasonCode);
                break;
            case PubRecPacket pubRec:
                await HandlePubRecAsync(state.Connection, pubRec);
                break;
            case PubCompPacket pubComp:
                CompleteFlight(pubComp.PacketId, pubComp.ReasonCode);
                break;
            case PubRelPacket pubRel:
                // §4.3.3: discard the stored identifier, then PUBCOMP.
                lock (Session.Sync)
                {
                    Session.IncomingQos2.Remove(pubRel.PacketId);
                }

                await state.Connection.SendAsync(MqttPublishAckPacket.Create(MqttPacketType.PubComp, pubRel.PacketId), state.Connection.Closed);
                break;
            case SubAckPacket or UnsubAckPacket:
                TaskCompletionSource<MqttPacket>? request;
                lock (Session.Sync)
                {
                    _requests.Remove(((IMqttPacketWithIdentifier)packet).PacketId, out request);
                }

                request?.TrySetResult(packet);
                break;
            case PingRespPacket:
                break;
            case DisconnectPacket disconnect:
                MqttClientLog.ServerDisconnect(_logger, ClientId, disconnect.ReasonCode);
                state.Connection.Abort();
                break;
            default:
                throw new MqttProtocolException(MqttReasonCode.ProtocolError, $"a server does not send {packet.Type}");
        }
    }

    /// <summary>
    /// §4.3.3 sender side: PUBREC means the server owns the message; answer PUBREL and wait
    /// for PUBCOMP. A failure code (5.0, ≥ 0x80) ends the flow there.
    /// </summary>
    private async ValueTask HandlePubRecAsync(MqttConnection connection, PubRecPacket pubRec)
    {
        bool known;
        lock (Session.Sync)
        {
            known = Session.Outgoing.TryGetValue(pubRec.PacketId, out var flight);
            if (known && !pubRec.ReasonCode.IsFailure())
            {
                flight!.Released = true;
            }
        }

        if (known && pubRec.ReasonCode.IsFailure())
        {
            CompleteFlight(pubRec.PacketId, pubRec.ReasonCode);
            return;
        }

        // Also for an unknown identifier: §4.3.3 wants PUBREL, and 5.0 lets it say 0x92.
        var reason = known ? MqttReasonCode.Success : MqttReasonCode.PacketIdentifierNotFound;
        await connection.SendAsync(MqttPublishAckPacket.Create(MqttPacketType.PubRel, pubRec.PacketId,
            _options.ProtocolVersion == MqttProtocolVersion.V500 ? reason : MqttReasonCode.Success), connection.Closed);
    }

    /// <summary>
    /// In order: hand each message to the application, then acknowledge it. A QoS 2 identifier
    /// already delivered (PUBREC sent, PUBREL pending) is acknowledged again but not delivered.
    /// A handler failure closes the connection without acknowledging, so the server delivers
    /// the message again; the rest of that connection's queue is dropped for the same reason,
    /// keeping the order. With <see cref="MqttClientOptions.MaximumConcurrentDeliveries"/> above
    /// one, QoS 0/1 messages enter the handler before the previous ones have left it (so a
    /// durable store can commit several in one transaction), while acknowledgements still go out
    /// strictly in arrival order (§4.6), each only after its own handler returned.
    /// </summary>
    private async Task DispatchLoopAsync()
    {
        var stopping = _stopping.Token;
        var limit = Math.Max(1, _options.MaximumConcurrentDeliveries);
        var pipeline = new Queue<(Task<Exception?> Handling, IncomingPublish Incoming)>();
        try
        {
            while (true)
            {
                IncomingPublish incoming;
                if (pipeline.Count == 0)
                {
                    incoming = await _incoming.Reader.ReadAsync(stopping);
                }
                else if (!_incoming.Reader.TryRead(out incoming))
                {
                    // Finish the oldest delivery, unless another message arrives first: then start that one too.
                    var more = _incoming.Reader.WaitToReadAsync(stopping).AsTask();
                    if (await Task.WhenAny(pipeline.Peek().Handling, more) != more || !await more)
                    {
                        await CompleteDeliveryAsync(pipeline.Dequeue());
                    }

                    continue;
                }

                var (publish, generation, _) = incoming;
                if (generation == Interlocked.Read(ref _failedGeneration) && publish.QualityOfService != MqttQualityOfService.AtMostOnce)
                {
                    continue;
                }

                if (publish.QualityOfService == MqttQualityOfService.ExactlyOnce || limit == 1)
                {
                    // QoS 2 keeps its one-at-a-time exchange: everything before it completes first.
                    while (pipeline.Count > 0)
                    {
                        await CompleteDeliveryAsync(pipeline.Dequeue());
                    }

                    if (publish.QualityOfService == MqttQualityOfService.ExactlyOnce && await SuppressDuplicateAsync(incoming))
                    {
                        continue;
                    }

                    await CompleteDeliveryAsync((DeliverAsync(publish, stopping), incoming));
                    continue;
                }

                pipeline.Enqueue((DeliverAsync(publish, stopping), incoming));
                while (pipeline.Count >= limit)
                {
                    await CompleteDeliveryAsync(pipeline.Dequeue());
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (ChannelClosedException)
        {
        }
    }

    /// <summary>A QoS 2 message already delivered: PUBREC again, no second delivery (§4.3.3).</summary>
    private async ValueTask<bool> SuppressDuplicateAsync(IncomingPublish incoming)
    {
        bool seen;
        lock (Session.Sync)
        {
            seen = Session.IncomingQos2.Contains(incoming.Packet.PacketId);
        }

        if (seen)
        {
            Counters.DuplicateSuppressed();
            MqttClientLog.DuplicateSuppressed(_logger, ClientId, incoming.Packet.PacketId);
            await AcknowledgeAsync(incoming.Connection, MqttPacketType.PubRec, incoming.Packet.PacketId);
        }

        return seen;
    }

    /// <summary>Runs the handler; its failure is returned, not thrown, so that the pipeline stays in order.</summary>
    private async Task<Exception?> DeliverAsync(PublishPacket publish, CancellationToken stopping)
    {
        try
        {
            await _handler(new MqttReceivedMessage
            {
                Topic = publish.Topic,
                Payload = publish.Payload,
                QualityOfService = publish.QualityOfService,
                Retain = publish.Retain,
                Duplicate = publish.Duplicate,
                Properties = publish.Properties,
            }, stopping);
            return null;
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            return ex;
        }
    }

    /// <summary>Waits for one delivery's handler, then acknowledges it, or on failure closes its connection.</summary>
    private async Task CompleteDeliveryAsync((Task<Exception?> Handling, IncomingPublish Incoming) delivery)
    {
        var (publish, generation, arrivedOn) = delivery.Incoming;
        var failure = await delivery.Handling;
        if (failure is not null || generation == Interlocked.Read(ref _failedGeneration))
        {
            if (failure is not null)
            {
                Counters.HandlerFailed();
                MqttClientLog.HandlerFailed(_logger, ClientId, publish.Topic, failure);
                Interlocked.Exchange(ref _failedGeneration, generation);
                // Close without a PUBACK for this one or any later one (they would overtake it), but let the
                // acknowledgements already queued for earlier messages go out first: they were earned.
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await arrivedOn.CloseAsync(grace.Token);
                if (Interlocked.Read(ref _generation) == generation)
                {
                    _connection?.Abort();
                }
            }

            return;
        }

        Counters.MessageReceived();
        switch (publish.QualityOfService)
        {
            case MqttQualityOfService.AtLeastOnce:
                await AcknowledgeAsync(arrivedOn, MqttPacketType.PubAck, publish.PacketId);
                break;
            case MqttQualityOfService.ExactlyOnce:
                lock (Session.Sync)
                {
                    Session.IncomingQos2.Add(publish.PacketId);
                }

                await AcknowledgeAsync(arrivedOn, MqttPacketType.PubRec, publish.PacketId);
                break;
        }
    }

    /// <summary>
    /// Sends PUBACK/PUBREC on the connection the PUBLISH arrived on. If that one is gone (the handler was
    /// still working when it dropped), nothing is sent: the server still holds the message unacknowledged and
    /// sends it again, with DUP, on the new connection (§4.4); acknowledging it there under the old packet
    /// identifier could acknowledge a different message that reuses the identifier.
    /// </summary>
    private async ValueTask AcknowledgeAsync(MqttConnection arrivedOn, MqttPacketType type, ushort packetId)
    {
        // Not "the current connection": right after CONNACK the read loop already delivers the messages the
        // server kept for us while the session is still being restored and the connection not yet current.
        try
        {
            await arrivedOn.SendAsync(MqttPublishAckPacket.Create(type, packetId), _stopping.Token);
        }
        catch (MqttConnectionClosedException)
        {
            Counters.AcknowledgementDropped();
        }
    }
}
