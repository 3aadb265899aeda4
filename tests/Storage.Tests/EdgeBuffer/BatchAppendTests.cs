using System.Diagnostics;
using TelemetryGateway.Storage.EdgeBuffer;
using Xunit.Abstractions;

namespace TelemetryGateway.Storage.Tests.EdgeBuffer;

public sealed class BatchAppendTests(ITestOutputHelper output) : IDisposable
{
    private readonly BufferFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_burst_is_committed_in_one_transaction_with_increasing_sequences_in_the_order_given()
    {
        await using var buffer = await _fixture.OpenAsync();
        var before = buffer.CommittedTransactions;

        var sequences = await buffer.AppendBatchAsync(Items(BufferPriority.Bulk, "b", 500)).WaitAsync(BufferFixture.Timeout);

        Assert.Equal(500, sequences.Count);
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(500, sequences.Distinct().Count());
        Assert.Equal(1, buffer.CommittedTransactions - before);
        var items = await buffer.ReadBatchAsync(0, null, 1000, long.MaxValue);
        Assert.Equal(sequences, items.Select(i => i.Sequence));
        Assert.Equal("b0", items[0].DedupKey);
        Assert.Equal([0, 0, 0, 7], items[7].Payload);
        var stats = await buffer.GetStatsAsync();
        Assert.Equal((500L, 500L), (stats.Appended, stats.Count));
        Assert.Equal(items.Sum(i => EdgeBufferStore.ItemSize(i.DedupKey, 4)), stats[BufferPriority.Bulk].Bytes);
    }

    [Fact]
    public async Task Buffered_keys_and_keys_repeated_in_the_burst_yield_the_buffered_sequence()
    {
        await using var buffer = await _fixture.OpenAsync();
        var earlier = await buffer.Append(BufferPriority.Live, "k1");

        var sequences = await buffer.AppendBatchAsync(
        [
            (BufferPriority.Live, "k1", [1]), // buffered before
            (BufferPriority.Live, "k2", [2]),
            (BufferPriority.Live, "k2", [3]), // repeated inside the burst
            (BufferPriority.Alert, "k3", [4]),
        ]).WaitAsync(BufferFixture.Timeout);

        Assert.Equal(earlier, sequences[0]);
        Assert.Equal(sequences[1], sequences[2]);
        Assert.True(sequences[3] > sequences[1] && sequences[1] > earlier);
        Assert.Equal([earlier, sequences[1], sequences[3]], await buffer.AllSequences());
        var stats = await buffer.GetStatsAsync();
        Assert.Equal((3L, 2L), (stats.Appended, stats.Duplicates));
    }

    [Fact]
    public async Task A_burst_evicts_the_oldest_back_fill_like_single_appends()
    {
        await using var buffer = await _fixture.OpenAsync(capacityBytes: 500);
        var old = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            old.Add(await buffer.Append(BufferPriority.Bulk, $"old{i}"));
        }

        var burst = await buffer.AppendBatchAsync(
            [.. Enumerable.Range(0, 2).Select(i => (BufferPriority.Live, $"new{i}", new byte[100 - 4]))]).WaitAsync(BufferFixture.Timeout);

        long[] expected = [old[2], old[3], old[4], .. burst];
        Assert.Equal(expected, await buffer.AllSequences());
        var stats = await buffer.GetStatsAsync();
        Assert.Equal((2L, 500L), (stats[BufferPriority.Bulk].Evicted, stats.Bytes));
    }

    [Fact]
    public async Task A_burst_that_cannot_fit_stores_nothing_evicts_nothing_and_counts_every_item_rejected()
    {
        await using var buffer = await _fixture.OpenAsync(capacityBytes: 500);
        var kept = new[]
        {
            await buffer.Append(BufferPriority.Bulk, "b0"),
            await buffer.Append(BufferPriority.Alert, "a0"),
            await buffer.Append(BufferPriority.Alert, "a1"),
        };

        // The two bulk items fit; the alert needs 401 bytes, and even evicting every bulk item (b0 and the
        // burst's own) leaves only 300: so none of the burst is stored and b0 is not evicted either.
        (BufferPriority, string, byte[])[] burst =
        [
            (BufferPriority.Bulk, "x0", new byte[98]),
            (BufferPriority.Bulk, "x1", new byte[98]),
            (BufferPriority.Alert, "x2", new byte[399]),
        ];
        var full = await Assert.ThrowsAsync<BufferFullException>(() => buffer.AppendBatchAsync(burst).WaitAsync(BufferFixture.Timeout));
        Assert.Contains("none of it", full.Message);

        Assert.Equal(kept, await buffer.AllSequences());
        var stats = await buffer.GetStatsAsync();
        Assert.Equal((0L, 2L, 1L), (stats.Evicted, stats[BufferPriority.Bulk].Rejected, stats[BufferPriority.Alert].Rejected));
        Assert.Equal((3L, 3L, 300L), (stats.Appended, stats.Count, stats.Bytes));

        // The writer goes on: a burst that fits commits.
        var next = await buffer.AppendBatchAsync([(BufferPriority.Bulk, "y", new byte[99])]).WaitAsync(BufferFixture.Timeout);
        Assert.True(next[0] > kept[^1]);
    }

    [Fact]
    public async Task Bursts_and_single_appends_share_group_commit_and_survive_reopening()
    {
        IReadOnlyList<long>[] bursts;
        long[] singles;
        await using (var buffer = await _fixture.OpenAsync())
        {
            var burstTasks = Enumerable.Range(0, 8).Select(p => buffer.AppendBatchAsync(Items(BufferPriority.Bulk, $"p{p}-", 200))).ToArray();
            var singleTasks = Enumerable.Range(0, 50).Select(i => buffer.Append(BufferPriority.Live, $"s{i}")).ToArray();
            bursts = await Task.WhenAll(burstTasks).WaitAsync(BufferFixture.Timeout);
            singles = await Task.WhenAll(singleTasks).WaitAsync(BufferFixture.Timeout);
        }

        await using var reopened = await _fixture.OpenAsync();
        Assert.Equal(bursts.SelectMany(b => b).Concat(singles).Order(), await reopened.AllSequences());
    }

    [Fact]
    public async Task Cancelling_before_the_writer_reaches_the_burst_withdraws_it()
    {
        await using var buffer = await _fixture.OpenAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => buffer.AppendBatchAsync(Items(BufferPriority.Bulk, "c", 10), cancelled.Token));

        Assert.Empty(await buffer.AllSequences());
    }

    [Fact]
    public async Task Four_producers_of_bursts_of_1000_reading_sized_items_commit_one_transaction_per_burst_at_most()
    {
        const int producers = 4, bursts = 50, burstSize = 1000;
        await using var buffer = await _fixture.OpenAsync();
        var payload = new byte[90]; // about a serialized scalar reading
        await buffer.AppendBatchAsync(Items(BufferPriority.Bulk, "warm-up", 100, payload));

        var transactionsBefore = buffer.CommittedTransactions;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (var b = 0; b < bursts; b++)
            {
                await buffer.AppendBatchAsync(Items(BufferPriority.Bulk, $"heart.rate|r{p}-{b}-", burstSize, payload));
            }
        }))).WaitAsync(TimeSpan.FromMinutes(2));
        clock.Stop();

        var total = producers * bursts * burstSize;
        var rate = total / clock.Elapsed.TotalSeconds;
        output.WriteLine($"{total} items in {clock.Elapsed.TotalMilliseconds:F0} ms: {rate:F0} items/s, {buffer.CommittedTransactions} transactions");
        Assert.Equal(total + 100, (await buffer.GetStatsAsync()).Count);
        // One transaction per burst at most (bursts queued together share one). The rate is printed, not
        // asserted: the target, 100,000/s, is met by a Release build (≈100–110k/s through the gateway's sink
        // with 4 producers on the 2-core dev machine), but a Debug build on a machine shared with other test
        // runs measures anywhere from 13k to 60k/s.
        Assert.InRange(buffer.CommittedTransactions - transactionsBefore, 1, producers * bursts);
    }

    private static (BufferPriority, string, byte[])[] Items(BufferPriority priority, string prefix, int count, byte[]? payload = null) =>
        [.. Enumerable.Range(0, count).Select(i => (priority, $"{prefix}{i}", payload ?? BitConverter.GetBytes(i).Reverse().ToArray()))];
}
