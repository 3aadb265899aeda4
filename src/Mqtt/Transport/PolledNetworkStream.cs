using System.Net.Sockets;

namespace TelemetryGateway.Mqtt.Transport;

/// <summary>
/// A network stream whose blocking reads wait in <c>poll(2)</c> on the reading thread itself.
/// </summary>
/// <remarks>
/// A socket that ever ran an asynchronous operation is non-blocking underneath, and .NET serves a blocking read on
/// it by parking the caller until its epoll thread signals readiness: two thread wake-ups per chunk. The client's
/// connection reads on a thread of its own (<see cref="BlockingStreamPump"/>), so it can wait in the kernel instead
/// and be woken once, as a C client is. Writes stay asynchronous. Disposing the socket wakes a waiting poll (the
/// runtime shuts the socket down), and the read then fails as any read of a closed stream does.
/// </remarks>
internal sealed class PolledNetworkStream : NetworkStream
{
    public PolledNetworkStream(Socket socket)
        : base(socket, ownsSocket: true)
    {
        // After the base constructor: it refuses a socket already in non-blocking mode.
        socket.Blocking = false;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            var read = Socket.Receive(buffer, SocketFlags.None, out var error);
            switch (error)
            {
                case SocketError.Success:
                    return read;
                case SocketError.WouldBlock:
                    Socket.Poll(-1, SelectMode.SelectRead);
                    break;
                default:
                    throw new IOException($"receive failed: {error}", new SocketException((int)error));
            }
        }
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 0 ? -1 : one[0];
    }
}
