using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Transport;

namespace TelemetryGateway.Mqtt.Client;

/// <summary>Connecting, the connection's lifetime, reconnecting.</summary>
public sealed partial class MqttClient
{
    private bool _everConnected;

    /// <summary>TCP (+TLS), CONNECT, CONNACK (MQTT 5.0 §3.1, §3.2) within the connect timeout.</summary>
    private async Task<(MqttConnection Connection, ConnAckPacket ConnAck)> ConnectOnceAsync(bool first, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        var transport = await MqttTcpConnector.ConnectAsync(_options.Host, _options.Port, _options.Tls, timeout.Token);
        var connection = new MqttConnection(transport, _options.ProtocolVersion, _options.MaximumIncomingPacketSize);
        try
        {
            await connection.SendAsync(BuildConnect(first), timeout.Token);
            var reply = await connection.ReadPacketAsync(timeout.Token)
                ?? throw new MqttConnectionClosedException("server closed the connection instead of answering CONNECT");
            if (reply is not ConnAckPacket connAck)
            {
                // §3.2: "The first packet sent from the Server to the Client MUST be a CONNACK".
                throw new MqttProtocolException(MqttReasonCode.ProtocolError, $"server answered CONNECT with {reply.Type}");
            }

            if (connAck.ReasonCode.IsFailure())
            {
                throw new MqttConnectException(connAck.ReasonCode,
                    $"server refused the connection: {connAck.ReasonCode} {connAck.Properties?.ReasonString}");
            }

            return (connection, connAck);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync();
            throw new TimeoutException($"no CONNACK from {_options.Host}:{_options.Port} within {_options.ConnectTimeout}");
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private ConnectPacket BuildConnect(bool first)
    {
        var v5 = _options.ProtocolVersion == MqttProtocolVersion.V500;
        // A reconnection resumes the session so that in-flight messages survive, unless
        // 3.1.1 Clean Session was asked for (3.1.1 has no expiry: Clean Session 0 would
        // leave a session behind that the application did not want).
        var cleanStart = first || !_everConnected ? _options.CleanStart : (!v5 && _options.CleanStart);
        MqttProperties? properties = null;
        if (v5)
        {
            properties = new MqttProperties
            {
                SessionExpiryInterval = _options.SessionExpirySeconds == 0 ? null : _options.SessionExpirySeconds,
                ReceiveMaximum = _options.ReceiveMaximum == ushort.MaxValue ? null : _options.ReceiveMaximum,
                MaximumPacketSize = (uint)_options.MaximumIncomingPacketSize,
            };
        }

        return new ConnectPacket
        {
            ProtocolVersion = _options.ProtocolVersion,
            ClientId = ClientId,
            CleanStart = cleanStart,
            KeepAliveSeconds = (ushort)Math.Min(ushort.MaxValue, (int)_options.KeepAlive.TotalSeconds),
            UserName = _options.UserName,
            Password = _options.Password,
            Will = _options.Will,
            Properties = properties,
        };
    }

    /// <summary>Serves connections until stopped: the first one, then reconnections with backoff.</summary>
    private async Task RunAsync(MqttConnection connection, ConnAckPacket connAck, TaskCompletionSource ready)
    {
        var stopping = _stopping.Token;
        while (true)
        {
            Exception? failure = null;
            try
            {
                await ServeAsync(connection, connAck, ready);
            }
            catch (Exception ex)
            {
                failure = ex;
                ready.TrySetException(ex);
            }
            finally
            {
                await LeaveConnectionAsync(connection);
            }

            if (stopping.IsCancellationRequested || !_options.AutoReconnect)
            {
                ready.TrySetCanceled();
                return;
            }

            MqttClientLog.ConnectionLost(_logger, ClientId, failure);
            var reconnected = await ReconnectAsync(stopping);
            if (reconnected is null)
            {
                return;
            }

            (connection, connAck) = reconnected.Value;
            Counters.Reconnected();
        }
    }

    private async Task<(MqttConnection, ConnAckPacket)?> ReconnectAsync(CancellationToken stopping)
    {
        for (var attempt = 0; ; attempt++)
        {
            var delay = Backoff(attempt);
            try
            {
                await Task.Delay(delay, _time, stopping);
                return await ConnectOnceAsync(first: false, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex)
            {
                Counters.ConnectFailed();
                MqttClientLog.ConnectFailed(_logger, ClientId, _options.Host, _options.Port, Backoff(attempt + 1), ex);
            }
        }
    }

    /// <summary>
    /// Exponential backoff with jitter: uniformly between half and all of
    /// min(maximum, initial × 2^attempt), so that many gateways do not reconnect in step.
    /// </summary>
    internal TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(_options.MaximumReconnectDelay.TotalMilliseconds,
            _options.InitialReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    /// <summary>One connection: read loop, restoring the session, keep alive, until any of them ends.</summary>
    private async Task ServeAsync(MqttConnection connection, ConnAckPacket connAck, TaskCompletionSource ready)
    {
        var generation = Interlocked.Increment(ref _generation);
        var state = new ConnectionState(connection, generation, _time.GetTimestamp());
        ApplyConnAck(connAck);
        var reading = Task.Run(() => ReadLoopAsync(state));
        try
        {
            await RestoreSessionAsync(connection, connAck.SessionPresent);
            _everConnected = true;
            Counters.Connected();
            MqttClientLog.Connected(_logger, ClientId, _options.Host, _options.Port, _options.ProtocolVersion, connAck.SessionPresent);
            ready.TrySetResult();
            var keepAlive = KeepAliveLoopAsync(state, connAck);
            await Task.WhenAny(reading, keepAlive);
            connection.Abort();
            await keepAlive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            connection.Abort();
        }

        // Surfaces the read loop's failure (protocol error, I/O) to RunAsync for logging.
        await reading;
    }

    private void ApplyConnAck(ConnAckPacket connAck)
    {
        var properties = connAck.Properties;
        if (properties?.AssignedClientIdentifier is { } assigned)
        {
            Session.AssignedClientId = assigned;
        }

        // §3.2.2.3.3: the server's Receive Maximum bounds our unacknowledged QoS 1/2 PUBLISHes.
        var limit = Math.Max(1, _options.MaximumInflightMessages);
        if (properties?.ReceiveMaximum is { } receiveMaximum)
        {
            limit = Math.Min(limit, receiveMaximum);
        }

        Volatile.Write(ref _inflightLimit, limit);
        _serverMaximumPacketSize = properties?.MaximumPacketSize ?? uint.MaxValue;
    }
}
