using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>PUBLISH and its acknowledgements, SUBSCRIBE and UNSUBSCRIBE.</summary>
internal sealed partial class MqttBrokerConnection
{
    /// <summary>
    /// PUBLISH (§3.3): ACL, ingest handlers, retained store and subscribers, then the
    /// acknowledgement (§4.3.2 / §4.3.3 method B: a QoS 2 message is passed on once, at its
    /// first arrival, and its id held until PUBREL). QoS 0/1 take the pipelined way
    /// (MqttBrokerConnection.Pipeline.cs) with the same steps.
    /// </summary>
    private async ValueTask<bool> HandlePublishAsync(PublishPacket publish)
    {
        Metrics.MessageReceived();
        var session = _session!;
        if (!CheckPublishProperties(publish))
        {
            return false;
        }

        var qos = publish.QualityOfService;
        if (qos == MqttQualityOfService.ExactlyOnce)
        {
            bool duplicate, overLimit;
            lock (session.Gate)
            {
                duplicate = session.IncomingQos2.Contains(publish.PacketId);
                overLimit = !duplicate && session.IncomingQos2.Count >= _broker.Options.MaximumInFlight;
            }

            if (duplicate)
            {
                // Already passed on: answer again, never deliver twice (§4.3.3).
                Send(MqttPublishAckPacket.Create(MqttPacketType.PubRec, publish.PacketId));
                return true;
            }

            if (overLimit)
            {
                Metrics.Refused("receive_maximum");
                return Fail(MqttReasonCode.ReceiveMaximumExceeded, "receive_maximum_exceeded",
                    "more unacknowledged QoS 2 PUBLISH packets than Receive Maximum (MQTT 5.0 §3.3.4)");
            }
        }

        MqttReasonCode code;
        if (!_broker.Access.CanWrite(_userName, _clientId, publish.Topic))
        {
            Metrics.Refused("acl_write");
            MqttBrokerLog.AclRefused(_broker.Logger, _clientId, "publish", publish.Topic);
            code = MqttReasonCode.NotAuthorized;
        }
        else
        {
            code = await _broker.RouteAsync(ToApplicationMessage(publish), _userName, isWill: false, _readAbort.Token).ConfigureAwait(false);
        }

        return Acknowledge(publish, code);
    }

    /// <summary>5.0 properties a client must not send in PUBLISH; false (after <see cref="Fail"/>) when one is there.</summary>
    private bool CheckPublishProperties(PublishPacket publish)
    {
        if (publish.Properties is { } received)
        {
            if (received.TopicAlias is not null)
            {
                return Fail(MqttReasonCode.TopicAliasInvalid, "topic_alias_invalid",
                    "Topic Alias sent while this server's Topic Alias Maximum is 0 (MQTT 5.0 §3.3.2.3.4)");
            }

            if (received.SubscriptionIdentifiers.Count > 0)
            {
                return Fail(MqttReasonCode.ProtocolError, "protocol_error",
                    "PUBLISH from a client carries a Subscription Identifier (MQTT 5.0 §3.3.4)");
            }
        }

        return true;
    }

    private MqttApplicationMessage ToApplicationMessage(PublishPacket publish) => new()
    {
        Topic = publish.Topic,
        Payload = publish.Payload,
        QualityOfService = publish.QualityOfService,
        Retain = publish.Retain,
        Properties = MqttApplicationMessage.ForwardableProperties(publish.Properties),
        SenderClientId = _clientId,
        ReceivedAt = _broker.Time.GetUtcNow(),
    };

    /// <summary>PUBACK / PUBREC for a routed (or refused) message; false when the connection must close instead.</summary>
    private bool Acknowledge(PublishPacket publish, MqttReasonCode code)
    {
        var qos = publish.QualityOfService;
        if (code == MqttReasonCode.UnspecifiedError && !IsV5 && qos != MqttQualityOfService.AtMostOnce)
        {
            // 3.1.1 cannot refuse a message in PUBACK/PUBREC: close without acknowledging, so
            // the publisher still owns it and sends it again (§4.4).
            _closeHow = "ingest handler failed";
            return false;
        }

        // 3.1.1 has no reason codes: a message refused by the ACL is acknowledged and dropped
        // (as mosquitto does); 5.0 says 0x87 Not authorized / 0x80 Unspecified error.
        var reason = IsV5 ? code : MqttReasonCode.Success;
        switch (qos)
        {
            case MqttQualityOfService.AtLeastOnce:
                Send(MqttPublishAckPacket.Create(MqttPacketType.PubAck, publish.PacketId, reason));
                break;
            case MqttQualityOfService.ExactlyOnce:
                if (!reason.IsFailure())
                {
                    lock (_session!.Gate)
                    {
                        _session.IncomingQos2.Add(publish.PacketId);
                    }
                }

                Send(MqttPublishAckPacket.Create(MqttPacketType.PubRec, publish.PacketId, reason));
                break;
        }

        return true;
    }

    /// <summary>PUBREC for a message we sent: answer PUBREL; an unknown id gets 0x92 in 5.0 (§3.6.2.1).</summary>
    private void HandlePubRec(PubRecPacket received)
    {
        if (!_session!.Received(received.PacketId, received.ReasonCode))
        {
            Send(MqttPublishAckPacket.Create(MqttPacketType.PubRel, received.PacketId,
                IsV5 ? MqttReasonCode.PacketIdentifierNotFound : MqttReasonCode.Success));
        }
    }

    /// <summary>PUBREL: release the QoS 2 id and answer PUBCOMP (§3.7).</summary>
    private void HandlePubRel(PubRelPacket release)
    {
        bool known;
        lock (_session!.Gate)
        {
            known = _session.IncomingQos2.Remove(release.PacketId);
        }

        Send(MqttPublishAckPacket.Create(MqttPacketType.PubComp, release.PacketId,
            known || !IsV5 ? MqttReasonCode.Success : MqttReasonCode.PacketIdentifierNotFound));
    }

    /// <summary>
    /// SUBSCRIBE (§3.8.4): one code per filter, SUBACK, then the retained messages of each new
    /// (or, Retain Handling 0, replaced) subscription with RETAIN set (§3.3.1.3).
    /// </summary>
    private bool HandleSubscribe(SubscribePacket subscribe)
    {
        if (subscribe.Properties?.SubscriptionIdentifiers.Count > 0)
        {
            // 5.0 §3.8.2.1.2: announced as unavailable in CONNACK.
            return Fail(MqttReasonCode.SubscriptionIdentifiersNotSupported, "subscription_identifiers_not_supported",
                "SUBSCRIBE with a Subscription Identifier, which this server does not offer");
        }

        var session = _session!;
        var codes = new List<MqttReasonCode>(subscribe.Subscriptions.Count);
        var retained = new List<(MqttApplicationMessage Message, MqttQualityOfService Qos)>();
        foreach (var subscription in subscribe.Subscriptions)
        {
            var filter = subscription.TopicFilter;
            if (!MqttTopic.IsValidTopicFilter(filter))
            {
                Metrics.Refused("topic_filter_invalid");
                codes.Add(MqttReasonCode.TopicFilterInvalid);
                continue;
            }

            if (IsV5 && filter.StartsWith("$share/", StringComparison.Ordinal))
            {
                codes.Add(MqttReasonCode.SharedSubscriptionsNotSupported);
                continue;
            }

            // A filter without wildcards names one topic, so it can be refused up front;
            // wildcard filters are granted and each message is checked at delivery.
            if (MqttTopic.HasNoWildcards(filter) && !_broker.Access.CanRead(_userName, _clientId, filter))
            {
                Metrics.Refused("acl_read");
                MqttBrokerLog.AclRefused(_broker.Logger, _clientId, "subscribe", filter);
                codes.Add(MqttReasonCode.NotAuthorized);
                continue;
            }

            bool isNew;
            lock (session.Gate)
            {
                isNew = _broker.Subscriptions.Add(session, subscription);
                session.Subscriptions[filter] = subscription;
            }

            codes.Add((MqttReasonCode)(byte)subscription.MaximumQualityOfService);
            if (subscription.RetainHandling == MqttRetainHandling.DoNotSend
                || (subscription.RetainHandling == MqttRetainHandling.SendAtSubscribeIfNew && !isNew))
            {
                continue;
            }

            foreach (var message in _broker.Retained.Match(filter))
            {
                if (_broker.Access.CanRead(_userName, _clientId, message.Topic))
                {
                    var qos = (MqttQualityOfService)Math.Min((int)message.QualityOfService, (int)subscription.MaximumQualityOfService);
                    retained.Add((message, qos));
                }
            }
        }

        Send(new SubAckPacket { PacketId = subscribe.PacketId, ReasonCodes = codes });
        foreach (var (message, qos) in retained)
        {
            session.Deliver(message, qos, retainFlag: true);
        }

        return true;
    }

    /// <summary>UNSUBSCRIBE (§3.10.4): UNSUBACK, 5.0 with 0x00 or 0x11 No subscription existed per filter.</summary>
    private void HandleUnsubscribe(UnsubscribePacket unsubscribe)
    {
        var session = _session!;
        var codes = new List<MqttReasonCode>(unsubscribe.TopicFilters.Count);
        foreach (var filter in unsubscribe.TopicFilters)
        {
            bool removed;
            lock (session.Gate)
            {
                removed = session.Subscriptions.Remove(filter);
                _broker.Subscriptions.Remove(session, filter);
            }

            codes.Add(removed ? MqttReasonCode.Success : MqttReasonCode.NoSubscriptionExisted);
        }

        Send(new UnsubAckPacket { PacketId = unsubscribe.PacketId, ReasonCodes = codes });
    }
}
