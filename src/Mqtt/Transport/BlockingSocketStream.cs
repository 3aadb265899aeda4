using System.Net.Sockets;

namespace TelemetryGateway.Mqtt.Transport;

/// <summary>
/// A stream over a socket that stays in blocking mode for its whole life: every operation, the asynchronous ones
/// included, is a blocking call on the caller's thread.
/// </summary>
/// <remarks>
/// .NET switches a socket to non-blocking for good at its first asynchronous operation; from then on a blocking
/// read is served through the runtime's epoll thread and a pool thread before it reaches the reader (three
/// wake-ups per chunk received instead of one). The client's connection reads on a thread of its own
/// (<see cref="BlockingStreamPump"/>), so it never needs the asynchronous path; its writer writes small packets
/// into a socket buffer that has room, and when the server stops reading, the keepalive's abort closes the socket,
/// which ends a blocked write. Cancellation tokens are not observed: closing the stream is what interrupts it.
/// </remarks>
internal sealed class BlockingSocketStream(Socket socket) : Stream
{
    private readonly NetworkStream _inner = new(socket, ownsSocket: true);

    public Socket Socket => socket;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_inner.Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(_inner.Read(buffer, offset, count));

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _inner.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _inner.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        _inner.Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
