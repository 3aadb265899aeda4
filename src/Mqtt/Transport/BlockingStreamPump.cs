using System.IO.Pipelines;

namespace TelemetryGateway.Mqtt.Transport;

/// <summary>
/// Feeds a pipe from a stream with blocking reads on a thread of its own, handing each chunk to the pipe's reader on
/// that same thread (the pipe's reader scheduler is inline).
/// </summary>
/// <remarks>
/// With a <see cref="ReceiveBatching"/> (the stream's socket is in blocking mode, <see cref="BlockingSocketStream"/>),
/// a flood wakes this thread once per batch rather than per message.
/// For one busy connection (the gateway's client subscribed to a broker's flood) this replaces, per chunk received,
/// the socket engine's wake-up of a pool thread and a switch to it: in a QoS 0 flood those switches were most of
/// the client's CPU. A broker with many connections keeps the asynchronous reader. When the pipe is full (the
/// consumer fell behind), the thread waits for room, so TCP pushes back on the sender as before.
/// </remarks>
internal sealed class BlockingStreamPump
{
    private const int ChunkSize = 16 * 1024;

    private readonly Stream _stream;
    private readonly ReceiveBatching? _batching;
    private readonly Pipe _pipe = new(new PipeOptions(
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 1024 * 1024,
        resumeWriterThreshold: 512 * 1024,
        useSynchronizationContext: false));

    private readonly ManualResetEventSlim _room = new(initialState: false);

    public BlockingStreamPump(Stream stream, ReceiveBatching? batching, string name)
    {
        _stream = stream;
        _batching = batching;
        new Thread(Run) { IsBackground = true, Name = name }.Start();
    }

    public PipeReader Reader => _pipe.Reader;

    private void Run()
    {
        var writer = _pipe.Writer;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(ChunkSize);
                _batching?.BeforeRead();
                var read = _stream.Read(memory.Span);
                if (read == 0)
                {
                    break;
                }

                _batching?.AfterRead(read);

                writer.Advance(read);
                var flush = writer.FlushAsync();
                if (!flush.IsCompleted)
                {
                    // Full: wait on this thread (it exists to block) until the consumer made room.
                    _room.Reset();
                    flush.GetAwaiter().OnCompleted(_room.Set);
                    _room.Wait();
                }

                if (flush.GetAwaiter().GetResult().IsCompleted)
                {
                    break; // the consumer is done with the connection
                }
            }

            writer.Complete();
        }
        catch (Exception ex)
        {
            // A closed or failed stream: the consumer's next read reports it, as a stream reader would.
            writer.Complete(ex);
        }
        finally
        {
            _room.Dispose();
        }
    }
}
