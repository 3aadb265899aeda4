using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>Session registry: open, take over, end and expire sessions; wills.</summary>
public sealed partial class MqttBroker
{
    private readonly Dictionary<string, MqttBrokerSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _sessionsGate = new();

    /// <summary>Sessions held (connected or waiting for their client).</summary>
    public int SessionCount
    {
        get
        {
            lock (_sessionsGate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>
    /// Opens the session of <paramref name="clientId"/> for <paramref name="connection"/>. A
    /// connection that holds it already is returned to be closed (session takeover, 5.0 §3.1.4
    /// step 3, 3.1.1 §3.1.4). Clean Start discards the old state (§3.1.2.4).
    /// </summary>
    internal (MqttBrokerSession Session, bool Present, MqttBrokerConnection? Previous) OpenSession(
        string clientId, bool cleanStart, uint expirySeconds, string? userName, MqttBrokerConnection connection)
    {
        lock (_sessionsGate)
        {
            MqttBrokerConnection? previous = null;
            if (_sessions.TryGetValue(clientId, out var existing))
            {
                previous = existing.Connection;
                if (previous is not null)
                {
                    existing.Detach(previous, Time.GetUtcNow());
                }

                if (cleanStart)
                {
                    EndSession(existing);
                    existing = null;
                }
            }

            var present = existing is not null;
            var session = existing ?? new MqttBrokerSession(clientId, Options.MaximumQueuedMessages, Metrics, Time);
            _sessions[clientId] = session;
            lock (session.Gate)
            {
                session.ExpirySeconds = expirySeconds;
                session.UserName = userName;
                session.Generation++;
            }

            return (session, present, previous);
        }
    }

    /// <summary>
    /// The connection has closed: the session ends now when its expiry is 0, otherwise it waits
    /// for its client. Then the will, unless the client sent DISCONNECT (§3.1.2.5).
    /// </summary>
    internal void CloseSession(MqttBrokerConnection connection, MqttBrokerSession session, MqttWill? will,
        string? userName)
    {
        long generation;
        bool ended;
        var resumed = false;
        lock (_sessionsGate)
        {
            if (!session.Detach(connection, Time.GetUtcNow()))
            {
                // Taken over: the new connection owns the session. The will still belongs to this network
                // connection. If the new connection resumed this session, it is the new network connection of
                // 5.0 §3.1.3.2.2 and a delayed will must not go out; if it started clean, this session has ended.
                resumed = _sessions.TryGetValue(session.ClientId, out var current) && ReferenceEquals(current, session);
                ended = !resumed;
            }
            else
            {
                ended = session.ExpirySeconds == 0;
                if (ended)
                {
                    EndSession(session);
                }
            }

            lock (session.Gate)
            {
                generation = session.Generation;
            }
        }

        if (will is null)
        {
            return;
        }

        // §3.1.3.2.2: the will waits for its delay or the end of the session, whichever is first.
        var delay = ended ? 0u : Math.Min(will.Properties?.WillDelayInterval ?? 0, session.ExpirySeconds);
        if (delay > 0 && resumed)
        {
            // The client is back already (its new connection took the session over before this one's close was
            // handled): the generation read above is the new connection's, so the delayed check would miss it.
            return;
        }

        if (delay == 0)
        {
            _ = PublishWillAsync(session.ClientId, userName, will);
            return;
        }

        _ = PublishDelayedWillAsync(session, generation, userName, will, TimeSpan.FromSeconds(delay));
    }

    private async Task PublishDelayedWillAsync(MqttBrokerSession session, long generation, string? userName,
        MqttWill will, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, Time, Stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (session.Gate)
        {
            if (session.Generation != generation)
            {
                // The client came back within the delay (§3.1.3.2.2).
                return;
            }
        }

        await PublishWillAsync(session.ClientId, userName, will).ConfigureAwait(false);
    }

    private async Task PublishWillAsync(string clientId, string? userName, MqttWill will)
    {
        if (!Access.CanWrite(userName, clientId, will.Topic))
        {
            Metrics.Refused("acl_will");
            MqttBrokerLog.AclRefused(Logger, clientId, "will", will.Topic);
            return;
        }

        var message = new MqttApplicationMessage
        {
            Topic = will.Topic,
            Payload = will.Payload,
            QualityOfService = will.QualityOfService,
            Retain = will.Retain,
            Properties = MqttApplicationMessage.ForwardableProperties(will.Properties),
            SenderClientId = clientId,
            ReceivedAt = Time.GetUtcNow(),
        };
        try
        {
            await RouteAsync(message, userName, isWill: true, Stopping).ConfigureAwait(false);
            MqttBrokerLog.WillPublished(Logger, clientId, will.Topic);
        }
        catch (OperationCanceledException)
        {
            // Broker stopping.
        }
    }

    /// <summary>Removes the session and its subscriptions; caller holds <see cref="_sessionsGate"/>.</summary>
    private void EndSession(MqttBrokerSession session)
    {
        if (_sessions.TryGetValue(session.ClientId, out var current) && ReferenceEquals(current, session))
        {
            _sessions.Remove(session.ClientId);
        }

        lock (session.Gate)
        {
            foreach (var filter in session.Subscriptions.Keys)
            {
                Subscriptions.Remove(session, filter);
            }

            session.Subscriptions.Clear();
        }
    }

    /// <summary>Ends sessions whose client has been away longer than their expiry interval (5.0 §4.1.1).</summary>
    private async Task ExpireSessionsLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                ExpireSessions(Time.GetUtcNow());
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    internal void ExpireSessions(DateTimeOffset now)
    {
        lock (_sessionsGate)
        {
            foreach (var session in _sessions.Values.ToList())
            {
                if (session.ExpirySeconds == uint.MaxValue || session.Connection is not null
                    || session.DisconnectedAt is not { } since || now - since < TimeSpan.FromSeconds(session.ExpirySeconds))
                {
                    continue;
                }

                EndSession(session);
                MqttBrokerLog.SessionExpired(Logger, session.ClientId);
            }
        }
    }
}
