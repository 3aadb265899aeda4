using TelemetryGateway.Serial.Astm.Link;
using TelemetryGateway.Serial.Port;

namespace TelemetryGateway.Serial.Sessions;

/// <summary>
/// Runs the pure <see cref="AstmReceiver"/> over a serial port: reads, writes its ACK/NAK replies at once, keeps
/// the E1381 receiver timeout (§6.5.2) with the injected clock and hands every other event to the caller.
/// </summary>
public sealed class AstmLinkSession
{
    private readonly SerialPort _port;
    private readonly TimeProvider _time;
    private readonly TimeSpan _receiverTimeout;
    private readonly AstmReceiver _receiver = new();

    public AstmLinkSession(SerialPort port, TimeProvider time, TimeSpan? receiverTimeout = null)
    {
        _port = port;
        _time = time;
        _receiverTimeout = receiverTimeout ?? AstmControl.ReceiverTimeout;
    }

    /// <summary>Replies written (ACK or NAK) since the session started.</summary>
    public long RepliesSent { get; private set; }

    /// <summary>
    /// Receives until <paramref name="ct"/> is cancelled or the port fails. Replies are written before the
    /// events that follow them are handed on, so a slow <paramref name="onEvent"/> never delays an ACK already due.
    /// </summary>
    /// <exception cref="SerialPortException">The port failed (after the receiver reported the cut transfer).</exception>
    public async Task RunAsync(Func<AstmLinkEvent, CancellationToken, ValueTask> onEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        var buffer = new byte[1024];
        var events = new List<AstmLinkEvent>();
        var lastByte = _time.GetTimestamp();
        try
        {
            while (true)
            {
                var n = await _port.ReadAsync(buffer, TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
                if (n > 0)
                {
                    lastByte = _time.GetTimestamp();
                    _receiver.Feed(buffer.AsSpan(0, n), events);
                }
                else if (_receiver.InTransfer && _time.GetElapsedTime(lastByte) >= _receiverTimeout)
                {
                    _receiver.TimedOut(events);
                }

                await DispatchAsync(events, onEvent, ct).ConfigureAwait(false);
            }
        }
        catch (SerialPortException ex)
        {
            _receiver.Reset(events, ex.IsUnplugged ? "the device went away" : ex.Message);
            await DispatchAsync(events, onEvent, ct).ConfigureAwait(false);
            throw;
        }
    }

    private async Task DispatchAsync(List<AstmLinkEvent> events, Func<AstmLinkEvent, CancellationToken, ValueTask> onEvent, CancellationToken ct)
    {
        foreach (var e in events)
        {
            if (e.Kind == AstmLinkEventKind.Reply)
            {
                await _port.WriteAsync(new[] { e.Reply }, ct).ConfigureAwait(false);
                RepliesSent++;
            }
            else
            {
                await onEvent(e, ct).ConfigureAwait(false);
            }
        }

        events.Clear();
    }
}
