using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Transport;

namespace TelemetryGateway.Mqtt.Client;

/// <summary>Keep alive, and the state one connection's loops share.</summary>
public sealed partial class MqttClient
{
    /// <summary>
    /// Keep alive (§3.1.2.10, §4.12 v5 Server Keep Alive): send PINGREQ when nothing was sent
    /// for half the interval; when nothing at all arrives within the ping timeout after a
    /// PINGREQ, the server (or the path to it) is dead: close and reconnect.
    /// </summary>
    private async Task KeepAliveLoopAsync(ConnectionState state, ConnAckPacket connAck)
    {
        var keepAlive = connAck.Properties?.ServerKeepAlive is { } serverKeepAlive
            ? TimeSpan.FromSeconds(serverKeepAlive)
            : _options.KeepAlive;
        if (keepAlive <= TimeSpan.Zero)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, state.Connection.Closed).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return;
        }

        var pingTimeout = _options.PingTimeout ?? keepAlive;
        var tick = TimeSpan.FromMilliseconds(Math.Max(50, Math.Min(keepAlive.TotalMilliseconds, pingTimeout.TotalMilliseconds) / 4));
        var lastBytes = state.Connection.BytesSent;
        var lastSendChange = _time.GetTimestamp();
        long? pingSentAt = null;
        var closed = state.Connection.Closed;
        while (!closed.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(tick, _time, closed);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = _time.GetTimestamp();
            var bytes = state.Connection.BytesSent;
            if (bytes != lastBytes)
            {
                lastBytes = bytes;
                lastSendChange = now;
            }

            if (pingSentAt is { } sent && Volatile.Read(ref state.LastReceived) < sent
                && _time.GetElapsedTime(sent, now) >= pingTimeout)
            {
                Counters.PingTimedOut();
                MqttClientLog.PingTimeout(_logger, ClientId, pingTimeout);
                return;
            }

            if (pingSentAt is { } answered && Volatile.Read(ref state.LastReceived) >= answered)
            {
                pingSentAt = null;
            }

            if (pingSentAt is null && _time.GetElapsedTime(lastSendChange, now) >= keepAlive / 2)
            {
                pingSentAt = now;
                if (!state.Connection.TrySend(PingReqPacket.Instance))
                {
                    return;
                }
            }
        }
    }

    private sealed class ConnectionState(MqttConnection connection, long generation, long connectedAt)
    {
        public MqttConnection Connection { get; } = connection;

        public long Generation { get; } = generation;

        /// <summary>Timestamp of the last packet received (any packet proves the server alive).</summary>
        public long LastReceived = connectedAt;
    }
}
