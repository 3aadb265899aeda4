using System.Buffers;
using TelemetryGateway.Grpc.Internal;

namespace TelemetryGateway.Grpc.Tests.Protocol;

public sealed class CoalescingWriterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Every_message_reaches_the_sink_without_a_later_write_to_push_it()
    {
        // Ping-pong: each write waits until the sink has seen it. A message stranded in the pending buffer
        // (a flush loop that decided to stop just as the write arrived) would hang here.
        var seen = 0;
        var arrived = new SemaphoreSlim(0);
        var writer = new CoalescingWriter(async (bytes, _) =>
        {
            await Task.Yield();
            Interlocked.Add(ref seen, bytes.Length);
            arrived.Release(bytes.Length);
        }, CancellationToken.None);

        for (var i = 0; i < 20_000; i++)
        {
            await writer.WriteAsync(static (output, value) => output.Write([value]), (byte)i, CancellationToken.None);
            Assert.True(await arrived.WaitAsync(Timeout), $"message {i} never flushed");
        }
        Assert.Equal(20_000, seen);
    }

    [Fact]
    public async Task Writes_during_a_flush_leave_together_in_order()
    {
        var release = new TaskCompletionSource();
        var batches = new List<byte[]>();
        var writer = new CoalescingWriter(async (bytes, _) =>
        {
            lock (batches)
            {
                batches.Add(bytes.ToArray());
            }
            await release.Task;
        }, CancellationToken.None);

        await writer.WriteAsync(static (o, v) => o.Write([v]), (byte)1, CancellationToken.None);
        await WaitUntilAsync(() => batches.Count == 1);
        for (byte b = 2; b <= 5; b++)
        {
            await writer.WriteAsync(static (o, v) => o.Write([v]), b, CancellationToken.None);
        }
        release.SetResult();
        await writer.DrainAsync().WaitAsync(Timeout);

        Assert.Equal([[1], [2, 3, 4, 5]], batches);
    }

    [Fact]
    public async Task A_failed_flush_fails_the_next_write_and_the_drain()
    {
        var writer = new CoalescingWriter((_, _) => ValueTask.FromException(new IOException("connection reset")), CancellationToken.None);

        await writer.WriteAsync(static (o, v) => o.Write([v]), (byte)1, CancellationToken.None);
        await Assert.ThrowsAsync<IOException>(() => writer.DrainAsync().WaitAsync(Timeout));
        await Assert.ThrowsAsync<IOException>(() => writer.WriteAsync(static (o, v) => o.Write([v]), (byte)2, CancellationToken.None));
    }

    [Fact]
    public async Task A_writer_waits_once_too_much_is_pending()
    {
        var release = new TaskCompletionSource();
        var firstInFlight = new TaskCompletionSource();
        var writer = new CoalescingWriter(async (_, _) =>
        {
            firstInFlight.TrySetResult();
            await release.Task;
        }, CancellationToken.None);
        var chunk = new byte[64 * 1024];

        await writer.WriteAsync(static (o, c) => o.Write(c), chunk, CancellationToken.None);
        await firstInFlight.Task.WaitAsync(Timeout); // the flush loop holds the first chunk; the rest stays pending
        Task last = Task.CompletedTask;
        for (var i = 0; i < 5; i++)
        {
            last = writer.WriteAsync(static (o, c) => o.Write(c), chunk, CancellationToken.None);
        }
        Assert.False(last.IsCompleted); // 320 KiB pending > 256 KiB: backpressure
        release.SetResult();
        await last.WaitAsync(Timeout);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not met in time");
            await Task.Delay(5);
        }
    }
}
