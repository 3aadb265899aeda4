using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Transport;

namespace TelemetryGateway.Mqtt.Client;

/// <summary>Picking the session up again after a (re)connect, and leaving a connection behind.</summary>
public sealed partial class MqttClient
{
    /// <summary>
    /// After CONNACK (§4.4): with a session present, re-send unacknowledged PUBLISH (DUP) and
    /// PUBREL with their original identifiers, in order. Without one the server kept nothing:
    /// subscribe again, forget received QoS 2 identifiers, and send unacknowledged messages
    /// again (a PUBREL-pending message had already reached the server and is complete).
    /// Holding the send lock, so no new publication overtakes a re-sent one.
    /// </summary>
    private async Task RestoreSessionAsync(MqttConnection connection, bool sessionPresent)
    {
        await _sendLock.WaitAsync(_stopping.Token);
        try
        {
            List<OutgoingFlight> flights;
            List<MqttSubscription> subscriptions;
            lock (Session.Sync)
            {
                if (!sessionPresent)
                {
                    Session.IncomingQos2.Clear();
                    foreach (var done in Session.Outgoing.Values.Where(f => f.Released).ToList())
                    {
                        Session.Outgoing.Remove(done.Packet.PacketId);
                        Counters.MessagePublished();
                        done.Completion.TrySetResult(new MqttPublishResult(MqttReasonCode.Success));
                    }
                }

                flights = Session.OutgoingInOrder();
                subscriptions = [.. _options.Subscriptions.Where(s => !Session.Subscriptions.ContainsKey(s.TopicFilter)),
                    .. Session.Subscriptions.Values];
            }

            if (!sessionPresent && subscriptions.Count > 0)
            {
                MqttClientLog.Resubscribing(_logger, ClientId, subscriptions.Count);
                ushort id;
                lock (Session.Sync)
                {
                    id = Session.AllocatePacketId(IsRequestId);
                }

                // The SUBACK is not awaited: nothing waits on it, and the read loop discards it.
                await connection.SendAsync(new SubscribePacket { PacketId = id, Subscriptions = subscriptions }, _stopping.Token);
            }

            int publishes = 0, releases = 0;
            foreach (var flight in flights)
            {
                if (flight.Released)
                {
                    await connection.SendAsync(MqttPublishAckPacket.Create(MqttPacketType.PubRel, flight.Packet.PacketId), _stopping.Token);
                    releases++;
                }
                else
                {
                    flight.Packet = flight.Packet.AsDuplicate();
                    await connection.SendAsync(flight.Packet, _stopping.Token);
                    publishes++;
                }

                Counters.Resend();
            }

            if (publishes + releases > 0)
            {
                MqttClientLog.Resent(_logger, ClientId, publishes, releases);
            }

            _connection = connection;
            _connectedSignal.TrySetResult(connection);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task LeaveConnectionAsync(MqttConnection connection)
    {
        if (_connection == connection)
        {
            _connection = null;
        }

        if (_connectedSignal.Task.IsCompleted)
        {
            _connectedSignal = new TaskCompletionSource<MqttConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        List<TaskCompletionSource<MqttPacket>> requests;
        lock (Session.Sync)
        {
            requests = [.. _requests.Values];
            _requests.Clear();
        }

        foreach (var request in requests)
        {
            request.TrySetException(new MqttConnectionClosedException("connection lost before the server answered"));
        }

        await connection.DisposeAsync();
    }
}
