using System.Net.Sockets;

namespace TelemetryGateway.Mqtt.Transport;

/// <summary>
/// While a flood lasts, wakes a blocking reader once per batch instead of once per message, and delays its TCP
/// acknowledgements: the socket's receive low-water mark (SO_RCVLOWAT, socket(7)) makes the kernel wake the reader
/// only when that many bytes are queued, and TCP_QUICKACK off (tcp(7)) lets one ACK cover many segments. A poll
/// bounded by <see cref="MaximumDelay"/> ends a batch that does not fill; when nothing came at all, the flood is over.
/// </summary>
/// <remarks>
/// Both costs are paid by the sender (a broker on the same machine, or the vehicle's): every wake-up of a sleeping
/// reader inside its write, every ACK in its TCP stack, and a sender that is acknowledged per segment sends a segment
/// per message. In a QoS 0 flood from mosquitto on this 2-core machine the broker spent ~9.5 µs per message feeding
/// the client without this, ~7 with it, and the client's own CPU fell from ~5 µs to ~1 µs per message
/// (docs/benchmarks.md). Out of a flood every arrival wakes the reader at once; during one, a message waits at most
/// <see cref="MaximumDelay"/> for its batch.
/// </remarks>
/// <param name="socket">The connection's socket, in blocking mode.</param>
/// <param name="bytesSent">What the connection has written so far: a connection that is sending (PUBACKs for a QoS 1
/// flood) carries its ACKs on that data, and keeps the kernel's quick ACKs, so that a handler slow to acknowledge
/// never leaves the sender without an ACK until the delayed-ACK timer (up to 200 ms).</param>
internal sealed class ReceiveBatching(Socket socket, Func<long> bytesSent)
{
    /// <summary>Bytes queued before the reader wakes during a flood: ~70 typical vitals messages.</summary>
    public const int LowWaterMark = 8 * 1024;

    /// <summary>A read at least this large means data piled up while the last one was handled: a flood.</summary>
    public const int FloodThreshold = 4 * 1024;

    /// <summary>Longest a message waits for its batch to fill.</summary>
    public static readonly TimeSpan MaximumDelay = TimeSpan.FromMilliseconds(1);

    private const int IpProtocolTcp = 6; // IPPROTO_TCP
    private const int TcpQuickAck = 12; // TCP_QUICKACK (linux/tcp.h)

    private bool _acknowledgementsDelayed;
    private long _sentBefore;

    /// <summary>Whether the low-water mark is set (a flood is on).</summary>
    public bool Batching { get; private set; }

    /// <summary>Before each read: during a flood, wait at most <see cref="MaximumDelay"/> for a full batch.</summary>
    public void BeforeRead()
    {
        // poll(2) honours the low-water mark for TCP: readable means a batch is queued (or the peer closed).
        if (Batching && !socket.Poll(MaximumDelay, SelectMode.SelectRead))
        {
            // A lull, or the end of the flood: wake for every arrival again, and read what is there now.
            Switch(false);
            if (socket.Available == 0)
            {
                // Nothing came at all: the flood is over. Quick ACKs again, which also sends an acknowledgement still
                // pending: a sender using Nagle's algorithm may be holding its next small message until it arrives.
                // (Not after every lull: turning them back on mid-flood costs the sender what delaying them saved.)
                QuickAcknowledgements();
            }
        }
    }

    /// <summary>After each read of <paramref name="bytes"/>: a large read starts batching.</summary>
    public void AfterRead(int bytes)
    {
        if (!Batching && bytes >= FloodThreshold)
        {
            Switch(true);
        }

        var sent = bytesSent();
        var sending = sent != _sentBefore;
        _sentBefore = sent;
        if (Batching && !sending)
        {
            DelayAcknowledgements();
        }
        else if (sending)
        {
            QuickAcknowledgements();
        }
    }

    /// <summary>
    /// Linux keeps a receiver that never sends data in quick-ACK mode: an ACK segment for nearly every segment
    /// received, and each one is work for the sender, whose writes then each leave alone (a segment per message).
    /// During a flood the acknowledgements are delayed instead (TCP_QUICKACK off, tcp(7); the kernel may turn it
    /// back on, hence after every read), as long as this side sends nothing. Reading a batch empties the receive queue, which acknowledges it at once,
    /// so the sender is still paced by these reads, not by the delayed-ACK timer.
    /// </summary>
    private void DelayAcknowledgements()
    {
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(IpProtocolTcp, TcpQuickAck, [0, 0, 0, 0]);
            _acknowledgementsDelayed = true;
        }
    }

    private void QuickAcknowledgements()
    {
        if (_acknowledgementsDelayed)
        {
            socket.SetRawSocketOption(IpProtocolTcp, TcpQuickAck, [1, 0, 0, 0]);
            _acknowledgementsDelayed = false;
        }
    }

    private void Switch(bool batching)
    {
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, batching ? LowWaterMark : 1);
        Batching = batching;
    }
}
