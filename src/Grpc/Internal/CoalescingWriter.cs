using System.Buffers;

namespace TelemetryGateway.Grpc.Internal;

/// <summary>
/// Frames messages into a pending buffer and flushes it to the transport from one flush loop: the first
/// message goes out at once; messages written while a flush is in flight leave together in the next one.
/// One flush per burst instead of one per message (each flush is a DATA frame, a syscall and thread hops).
/// Writers wait only when more than <see cref="MaxPendingBytes"/> is pending (backpressure). A failed
/// flush fails the next write and <see cref="DrainAsync"/>.
/// </summary>
internal sealed class CoalescingWriter(Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink, CancellationToken flushToken)
{
    public const int MaxPendingBytes = 256 * 1024;

    private readonly Lock _lock = new();
    private ArrayBufferWriter<byte> _pending = new(4096);
    private ArrayBufferWriter<byte> _spare = new(4096);
    private Task _flushLoop = Task.CompletedTask;
    // Owned by _lock: whether a flush loop will still look at _pending. A completed-task check is not enough:
    // a loop that has decided to stop is not yet completed, and a message written then would be stranded.
    private bool _flushing;
    private Exception? _fault;

    /// <summary>Appends one message (written by <paramref name="write"/>) and makes sure a flush will carry it.</summary>
    public Task WriteAsync<TState>(Action<IBufferWriter<byte>, TState> write, TState state, CancellationToken cancellationToken)
    {
        Task flushLoop;
        bool overLimit;
        lock (_lock)
        {
            if (_fault is not null)
            {
                return Task.FromException(_fault);
            }
            write(_pending, state);
            if (!_flushing)
            {
                _flushing = true;
                _flushLoop = Task.Run(FlushLoopAsync, CancellationToken.None);
            }
            flushLoop = _flushLoop;
            overLimit = _pending.WrittenCount > MaxPendingBytes;
        }
        return overLimit ? flushLoop.WaitAsync(cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Waits until everything written so far has been flushed (or the flush failed).</summary>
    public async Task DrainAsync()
    {
        Task flushLoop;
        lock (_lock)
        {
            flushLoop = _flushLoop;
        }
        await flushLoop.ConfigureAwait(false);
        lock (_lock)
        {
            if (_fault is not null)
            {
                throw _fault;
            }
        }
    }

    private async Task FlushLoopAsync()
    {
        while (true)
        {
            ArrayBufferWriter<byte> batch;
            lock (_lock)
            {
                if (_pending.WrittenCount == 0)
                {
                    _flushing = false;
                    return;
                }
                batch = _pending;
                _pending = _spare;
            }
            try
            {
                await sink(batch.WrittenMemory, flushToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                lock (_lock)
                {
                    _fault = ex;
                    _flushing = false;
                }
                return;
            }
            batch.Clear();
            lock (_lock)
            {
                _spare = batch;
            }
        }
    }
}
