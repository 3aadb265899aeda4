using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>
/// QoS 0/1 PUBLISH in a pipeline: the ingest handlers of the next message start while those of the previous
/// ones are still committing (so the gateway's buffer commits a burst in one transaction instead of one fsync
/// per message), while everything a client can observe stays in arrival order: subscribers get the messages,
/// and the publisher its PUBACKs (§4.6), in the order they arrived, each PUBACK only after that message's
/// handlers returned. QoS 2 and every other packet first wait for the publishes before them.
/// </summary>
internal sealed partial class MqttBrokerConnection
{
    /// <summary>A QoS 0/1 message whose ingest is under way.</summary>
    private sealed record PipelinedPublish(PublishPacket Packet, MqttApplicationMessage? Message, Task<MqttReasonCode> Ingest);

    private readonly Queue<PipelinedPublish> _pipeline = new();

    /// <summary>Packets that need not wait for the publishes before them: nothing they do depends on those.</summary>
    private static bool OvertakesPublishes(MqttPacket packet) => packet is PingReqPacket or PubAckPacket or PubCompPacket;

    /// <summary>The property checks and the ACL of <see cref="HandlePublishAsync"/>, then the ingest handlers started.</summary>
    /// <returns>False when the packet broke the protocol (the connection closes).</returns>
    private bool StartPublish(PublishPacket publish)
    {
        Metrics.MessageReceived();
        if (!CheckPublishProperties(publish))
        {
            return false;
        }

        if (!_broker.Access.CanWrite(_userName, _clientId, publish.Topic))
        {
            Metrics.Refused("acl_write");
            MqttBrokerLog.AclRefused(_broker.Logger, _clientId, "publish", publish.Topic);
            _pipeline.Enqueue(new PipelinedPublish(publish, null, Task.FromResult(MqttReasonCode.NotAuthorized)));
            return true;
        }

        var message = ToApplicationMessage(publish);
        _pipeline.Enqueue(new PipelinedPublish(publish, message, _broker.IngestAsync(message, _userName, isWill: false, _readAbort.Token).AsTask()));
        return true;
    }

    /// <summary>Completes the oldest publish: deliver it, acknowledge it (QoS 1).</summary>
    /// <returns>False when a 3.1.1 publish was refused by a handler: close without acknowledging it or any later one.</returns>
    private async ValueTask<bool> CompleteOldestPublishAsync()
    {
        var (publish, message, ingest) = _pipeline.Dequeue();
        var code = await ingest.ConfigureAwait(false);
        if (message is not null && code == MqttReasonCode.Success)
        {
            _broker.Deliver(message);
        }

        return Acknowledge(publish, code);
    }

    /// <summary>Completes every publish in the pipeline, oldest first.</summary>
    private async ValueTask<bool> DrainPublishesAsync()
    {
        while (_pipeline.Count > 0)
        {
            if (!await CompleteOldestPublishAsync().ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }
}
