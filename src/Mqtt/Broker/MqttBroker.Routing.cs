using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>Routing of application messages: ingest handlers, retained store, subscribers.</summary>
public sealed partial class MqttBroker
{
    private (string Filter, MqttIngestHandler Handler)[] _ingestHandlers = [];

    internal MqttSubscriptionTree<MqttBrokerSession> Subscriptions { get; } = new();

    /// <summary>
    /// Registers an in-process handler for messages whose topic matches <paramref name="topicFilter"/>
    /// (e.g. <c>ambulance/#</c>). For QoS 1/2 the publisher is acknowledged only after every
    /// matching handler has returned. Dispose the result to unregister.
    /// </summary>
    public IDisposable AddIngestHandler(string topicFilter, MqttIngestHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!MqttTopic.IsValidTopicFilter(topicFilter))
        {
            throw new ArgumentException($"'{topicFilter}' is not a valid topic filter (MQTT 5.0 §4.7)", nameof(topicFilter));
        }

        var entry = (topicFilter, handler);
        ImmutableSwap(handlers => [.. handlers, entry]);
        return new Registration(() => ImmutableSwap(handlers => [.. handlers.Where(h => h != entry)]));
    }

    /// <summary>Publishes a message from inside the gateway to the broker's subscribers (no ACL, no ingest handlers).</summary>
    public void Publish(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qualityOfService, bool retain = false)
    {
        if (!MqttTopic.IsValidTopicName(topic))
        {
            throw new ArgumentException($"'{topic}' is not a valid topic name (MQTT 5.0 §4.7)", nameof(topic));
        }

        var message = new MqttApplicationMessage
        {
            Topic = topic,
            Payload = payload,
            QualityOfService = qualityOfService,
            Retain = retain,
            ReceivedAt = Time.GetUtcNow(),
        };
        StoreRetained(message);
        Dispatch(message);
    }

    /// <summary>
    /// Hands a message received from a client to the ingest handlers, then to the retained store
    /// and the subscribers. Returns <see cref="MqttReasonCode.UnspecifiedError"/> when a handler
    /// failed: the message went nowhere and must not be acknowledged.
    /// </summary>
    internal async ValueTask<MqttReasonCode> RouteAsync(MqttApplicationMessage message, string? userName, bool isWill,
        CancellationToken cancellationToken)
    {
        var code = await IngestAsync(message, userName, isWill, cancellationToken).ConfigureAwait(false);
        if (code == MqttReasonCode.Success)
        {
            Deliver(message);
        }

        return code;
    }

    /// <summary>
    /// The ingest handlers matching the message, one after the other; <see cref="MqttReasonCode.UnspecifiedError"/>
    /// when one failed. Runs synchronously up to the first handler's first await, so messages whose ingest is
    /// started in order reach the handlers in order.
    /// </summary>
    internal async ValueTask<MqttReasonCode> IngestAsync(MqttApplicationMessage message, string? userName, bool isWill,
        CancellationToken cancellationToken)
    {
        var handlers = Volatile.Read(ref _ingestHandlers);
        if (handlers.Length == 0)
        {
            return MqttReasonCode.Success;
        }

        MqttIngestMessage? ingest = null;
        foreach (var (filter, handler) in handlers)
        {
            if (!MqttTopic.Matches(filter, message.Topic))
            {
                continue;
            }

            ingest ??= new MqttIngestMessage
            {
                Topic = message.Topic,
                Payload = message.Payload,
                QualityOfService = message.QualityOfService,
                Retain = message.Retain,
                ClientId = message.SenderClientId,
                UserName = userName,
                IsWill = isWill,
                Properties = message.Properties,
                ReceivedAt = message.ReceivedAt,
            };
            try
            {
                await handler(ingest, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Metrics.IngestFailed();
                MqttBrokerLog.IngestFailed(Logger, exception, filter, message.Topic);
                return MqttReasonCode.UnspecifiedError;
            }
        }

        return MqttReasonCode.Success;
    }

    /// <summary>The retained store and the subscribers, after the ingest handlers accepted the message.</summary>
    internal void Deliver(MqttApplicationMessage message)
    {
        StoreRetained(message);
        Dispatch(message);
    }

    private void StoreRetained(MqttApplicationMessage message)
    {
        if (message.Retain && !Retained.Set(message))
        {
            Metrics.Refused("retained_limit");
        }
    }

    /// <summary>
    /// One copy per session at the highest QoS of its matching subscriptions (5.0 §3.3.4),
    /// capped by the message's QoS; RETAIN is cleared unless Retain As Published (§3.3.1.3).
    /// </summary>
    private void Dispatch(MqttApplicationMessage message)
    {
        var matches = new List<KeyValuePair<MqttBrokerSession, MqttSubscription>>();
        Subscriptions.Match(message.Topic, matches);
        if (matches.Count > 1)
        {
            matches = MergePerSession(matches);
        }

        foreach (var (session, subscription) in matches)
        {
            if (subscription.NoLocal && message.SenderClientId == session.ClientId)
            {
                continue;
            }

            if (!Access.CanRead(session.UserName, session.ClientId, message.Topic))
            {
                Metrics.Dropped("acl_read");
                continue;
            }

            var qos = (MqttQualityOfService)Math.Min((int)message.QualityOfService, (int)subscription.MaximumQualityOfService);
            session.Deliver(message, qos, subscription.RetainAsPublished && message.Retain);
        }
    }

    private static List<KeyValuePair<MqttBrokerSession, MqttSubscription>> MergePerSession(
        List<KeyValuePair<MqttBrokerSession, MqttSubscription>> matches)
    {
        var merged = new Dictionary<MqttBrokerSession, MqttSubscription>(ReferenceEqualityComparer.Instance);
        foreach (var (session, subscription) in matches)
        {
            if (!merged.TryGetValue(session, out var kept))
            {
                merged[session] = subscription;
                continue;
            }

            merged[session] = kept with
            {
                MaximumQualityOfService = (MqttQualityOfService)Math.Max((int)kept.MaximumQualityOfService, (int)subscription.MaximumQualityOfService),
                NoLocal = kept.NoLocal && subscription.NoLocal,
                RetainAsPublished = kept.RetainAsPublished || subscription.RetainAsPublished,
            };
        }

        return [.. merged];
    }

    private void ImmutableSwap(Func<(string, MqttIngestHandler)[], (string, MqttIngestHandler)[]> change)
    {
        while (true)
        {
            var current = Volatile.Read(ref _ingestHandlers);
            if (Interlocked.CompareExchange(ref _ingestHandlers, change(current), current) == current)
            {
                return;
            }
        }
    }

    private sealed class Registration(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
