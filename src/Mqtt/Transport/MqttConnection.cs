using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Transport;

/// <summary>
/// One MQTT network connection (MQTT 5.0 §4.2: an ordered, lossless byte stream), over
/// any <see cref="Stream"/>: a NetworkStream, an SslStream, a test pipe. Reads packets with
/// <see cref="MqttPacketReader"/> over a <see cref="PipeReader"/>; writes through a single
/// writer task behind a bounded channel, flushing once per burst of queued packets.
/// Used by the client and by the embedded broker alike.
/// </summary>
public sealed class MqttConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly MqttPacketReader _reader;
    private readonly Channel<MqttPacket> _outgoing;
    private readonly Task _writerTask;
    private readonly CancellationTokenSource _aborted = new();
    private int _disposed;

    /// <param name="stream">Owned: disposed with the connection.</param>
    /// <param name="protocolVersion">Level used to write; for a server, set it after CONNECT.</param>
    /// <param name="maximumIncomingPacketSize">Larger incoming packets fail with 0x95 (MQTT 5.0 §3.1.2.11.4).</param>
    /// <param name="outgoingCapacity">Packets queued for writing before <see cref="SendAsync"/> waits.</param>
    /// <param name="readOnOwnThread">Read with blocking calls on a thread of this connection's own
    /// (<see cref="BlockingStreamPump"/>): for a client's single busy connection, not for a broker's many.</param>
    public MqttConnection(Stream stream, MqttProtocolVersion protocolVersion,
        int maximumIncomingPacketSize = MqttPacketReader.AbsoluteMaximumPacketSize, int outgoingCapacity = 4096,
        bool readOnOwnThread = false)
        : this(stream, protocolVersion, maximumIncomingPacketSize, outgoingCapacity, readOnOwnThread, batchingSocket: null)
    {
    }

    /// <summary>The client's connection: read on a thread of its own, woken per batch during a flood.</summary>
    internal MqttConnection(MqttClientTransport transport, MqttProtocolVersion protocolVersion, int maximumIncomingPacketSize)
        : this(transport.Stream, protocolVersion, maximumIncomingPacketSize, outgoingCapacity: 4096, readOnOwnThread: true,
            transport.Socket)
    {
    }

    private MqttConnection(Stream stream, MqttProtocolVersion protocolVersion, int maximumIncomingPacketSize,
        int outgoingCapacity, bool readOnOwnThread, Socket? batchingSocket)
    {
        _stream = stream;
        var batching = batchingSocket is null ? null : new ReceiveBatching(batchingSocket, () => BytesSent);
        _input = readOnOwnThread
            ? new BlockingStreamPump(stream, batching, "mqtt-read").Reader
            : PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
        _reader = new MqttPacketReader(protocolVersion, maximumIncomingPacketSize);
        ProtocolVersion = protocolVersion;
        _outgoing = Channel.CreateBounded<MqttPacket>(new BoundedChannelOptions(outgoingCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writerTask = Task.Run(WriteLoopAsync);
    }

    /// <summary>Protocol level for writing and for reading packets other than CONNECT.</summary>
    public MqttProtocolVersion ProtocolVersion
    {
        get => _reader.ProtocolVersion;
        set
        {
            _reader.ProtocolVersion = value;
            WriteVersion = value;
        }
    }

    public int MaximumIncomingPacketSize
    {
        get => _reader.MaximumPacketSize;
        set => _reader.MaximumPacketSize = value;
    }

    /// <summary>Cancelled when the connection is aborted or the writer failed.</summary>
    public CancellationToken Closed => _aborted.Token;

    /// <summary>Bytes written so far (fixed headers included).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Why the writer stopped, if it failed.</summary>
    public Exception? WriteFailure { get; private set; }

    private MqttProtocolVersion WriteVersion { get; set; }

    private long _bytesSent;

    /// <summary>
    /// Next packet. Returns null when the peer closed the stream cleanly between packets;
    /// throws <see cref="MqttProtocolException"/> for malformed input and
    /// <see cref="MqttConnectionClosedException"/> when the stream ended inside a packet.
    /// A server reading its first packet sees the reader switch to the level of CONNECT.
    /// </summary>
    public async ValueTask<MqttPacket?> ReadPacketAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.End;
            try
            {
                if (_reader.TryRead(ref buffer, out var packet))
                {
                    consumed = buffer.Start;
                    examined = consumed;
                    if (packet is ConnectPacket connect)
                    {
                        WriteVersion = connect.ProtocolVersion;
                    }

                    return packet;
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    if (buffer.Length == 0)
                    {
                        return null;
                    }

                    throw new MqttConnectionClosedException(
                        $"connection closed inside a packet ({buffer.Length} bytes of it received)");
                }
            }
            finally
            {
                _input.AdvanceTo(consumed, examined);
            }
        }
    }

    /// <summary>
    /// Queues <paramref name="packet"/> for the writer. Completes once queued (not once on
    /// the wire); throws <see cref="MqttConnectionClosedException"/> after the connection failed.
    /// </summary>
    public async ValueTask SendAsync(MqttPacket packet, CancellationToken cancellationToken)
    {
        try
        {
            await _outgoing.Writer.WriteAsync(packet, cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            throw new MqttConnectionClosedException("connection is closed", ex);
        }
    }

    /// <summary>Queues the packet unless the queue is full or closed.</summary>
    public bool TrySend(MqttPacket packet) => _outgoing.Writer.TryWrite(packet);

    /// <summary>
    /// Lets the queued packets go out, then closes the stream (a graceful end after
    /// DISCONNECT). Bounded by <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        _outgoing.Writer.TryComplete();
        try
        {
            await _writerTask.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        Abort();
    }

    /// <summary>Closes the network connection now, without DISCONNECT: the peer sees it drop.</summary>
    public void Abort()
    {
        _outgoing.Writer.TryComplete();
        if (!_aborted.IsCancellationRequested)
        {
            try
            {
                _aborted.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        _stream.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Abort();
        await _writerTask;

        await _input.CompleteAsync();
        _aborted.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            var reader = _outgoing.Reader;
            while (await reader.WaitToReadAsync(_aborted.Token))
            {
                while (reader.TryRead(out var packet))
                {
                    var size = MqttPacketWriter.Write(_output, packet, WriteVersion);
                    Interlocked.Add(ref _bytesSent, size);
                }

                var flush = await _output.FlushAsync(_aborted.Token);
                if (flush.IsCompleted)
                {
                    break;
                }
            }

            await _output.FlushAsync(_aborted.Token);
        }
        catch (Exception ex)
        {
            // I/O failures are seen by the reader too; a packet the writer refused
            // (ArgumentException) is a caller's bug. Either way the connection is finished.
            WriteFailure = ex;
        }
        finally
        {
            _outgoing.Writer.TryComplete();
            if (!_aborted.IsCancellationRequested)
            {
                try
                {
                    _aborted.Cancel();
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }
    }
}

/// <summary>The network connection ended (or ended inside a packet).</summary>
public sealed class MqttConnectionClosedException : IOException
{
    public MqttConnectionClosedException(string message)
        : base(message)
    {
    }

    public MqttConnectionClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
