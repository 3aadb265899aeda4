using System.Net.Sockets;

namespace TelemetryGateway.Mqtt.Transport;

/// <summary>
/// Wakes a blocking reader once per batch instead of once per message while a flood lasts, with the socket's
/// receive low-water mark (SO_RCVLOWAT, socket(7)): the kernel then wakes the reader only when that many bytes are
/// queued. A poll bounded by <see cref="MaximumDelay"/> ends a batch early, and a quiet spell switches the mark off.
/// </summary>
/// <remarks>
/// Every wake-up of a sleeping reader is paid by the sender's write (loopback or a local broker: the same machine's
/// CPU). In a QoS 0 flood from a broker on this 2-core machine, waking per message cost the client ~5 µs of CPU per
/// message and the broker a fifth of its time (docs/benchmarks.md). A single message is never held back: out of a
/// flood, every arrival wakes the reader at once; during one, a message waits at most <see cref="MaximumDelay"/>.
/// </remarks>
internal sealed class ReceiveBatching(Socket socket)
{
    /// <summary>Bytes queued before the reader wakes during a flood: ~70 typical vitals messages.</summary>
    public const int LowWaterMark = 8 * 1024;

    /// <summary>A read at least this large means data piled up while the last one was handled: a flood.</summary>
    public const int FloodThreshold = 4 * 1024;

    /// <summary>Longest a message waits for its batch to fill.</summary>
    public static readonly TimeSpan MaximumDelay = TimeSpan.FromMilliseconds(1);

    private bool _batching;

    /// <summary>Whether the low-water mark is set (a flood is on).</summary>
    public bool Batching => _batching;

    /// <summary>Before each read: during a flood, wait at most <see cref="MaximumDelay"/> for a full batch.</summary>
    public void BeforeRead()
    {
        // poll(2) honours the low-water mark for TCP: readable means a batch is queued (or the peer closed).
        if (_batching && !socket.Poll(MaximumDelay, SelectMode.SelectRead))
        {
            // The flood ended: wake for every arrival again, and read what is there now.
            Switch(false);
        }
    }

    /// <summary>After each read of <paramref name="bytes"/>: a large read starts batching.</summary>
    public void AfterRead(int bytes)
    {
        if (!_batching && bytes >= FloodThreshold)
        {
            Switch(true);
        }
    }

    private void Switch(bool batching)
    {
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, batching ? LowWaterMark : 1);
        _batching = batching;
    }
}
