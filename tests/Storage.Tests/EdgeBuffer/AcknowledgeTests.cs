using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Storage.Tests.EdgeBuffer;

public sealed class AcknowledgeTests : IDisposable
{
    private readonly BufferFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Acknowledging_live_items_sent_ahead_never_deletes_the_unsent_backlog_between_them()
    {
        await using var buffer = await _fixture.OpenAsync();
        var l1 = await buffer.Append(BufferPriority.Live, "l1");
        var b1 = await buffer.Append(BufferPriority.Bulk, "b1");
        var b2 = await buffer.Append(BufferPriority.Bulk, "b2");
        var l2 = await buffer.Append(BufferPriority.Live, "l2");

        // The uplink sends the live items first; the hub acknowledges exactly what it stored.
        var sent = await buffer.ReadBatchAsync(0, BufferPriority.Live, 10, long.MaxValue);
        Assert.Equal(2, await buffer.AcknowledgeAsync(sent.Select(i => i.Sequence)));

        Assert.Equal([b1, b2], await buffer.AllSequences());
        Assert.DoesNotContain(l1, await buffer.AllSequences());
        Assert.DoesNotContain(l2, await buffer.AllSequences());
    }

    [Fact]
    public async Task Ranges_delete_every_item_inside_and_nothing_outside()
    {
        await using var buffer = await _fixture.OpenAsync();
        var s = new long[8];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = await buffer.Append(BufferPriority.Bulk, $"k{i}");
        }

        var deleted = await buffer.AcknowledgeRangesAsync([new SequenceRange(s[1], s[3]), SequenceRange.Single(s[6])]);

        Assert.Equal(4, deleted);
        Assert.Equal([s[0], s[4], s[5], s[7]], await buffer.AllSequences());
        var stats = await buffer.GetStatsAsync();
        Assert.Equal((4L, 400L, 4L), (stats.Count, stats.Bytes, stats.Acknowledged));
    }

    [Fact]
    public async Task Unknown_and_repeated_acknowledgements_are_harmless()
    {
        await using var buffer = await _fixture.OpenAsync();
        var a = await buffer.Append(BufferPriority.Live, "a");
        var b = await buffer.Append(BufferPriority.Live, "b");

        Assert.Equal(1, await buffer.AcknowledgeAsync([a]));
        Assert.Equal(0, await buffer.AcknowledgeAsync([a, 999_999]));
        Assert.Equal(0, await buffer.AcknowledgeAsync([]));
        Assert.Equal([b], await buffer.AllSequences());
    }

    [Fact]
    public void Sequences_compress_into_exact_ranges()
    {
        var ranges = SequenceRange.FromSequences([7, 3, 4, 5, 9, 10, 4]);
        Assert.Equal([new SequenceRange(3, 5), new SequenceRange(7, 7), new SequenceRange(9, 10)], ranges);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceRange(5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceRange(0, 4));
    }

    [Fact]
    public async Task Unacknowledged_items_survive_reopen_and_are_read_again_from_the_start()
    {
        long[] kept;
        await using (var buffer = await _fixture.OpenAsync())
        {
            var all = new List<long>();
            for (var i = 0; i < 10; i++)
            {
                all.Add(await buffer.Append((BufferPriority)(i % 3), $"k{i}"));
            }

            // Everything was sent, but only the even ones were acknowledged before the restart.
            await buffer.ReadBatchAsync(0, null, 100, long.MaxValue);
            await buffer.AcknowledgeAsync(all.Where((_, i) => i % 2 == 0));
            kept = [.. all.Where((_, i) => i % 2 == 1)];
        }

        await using var reopened = await _fixture.OpenAsync();
        var resent = await reopened.ReadBatchAsync(0, null, 100, long.MaxValue);
        Assert.Equal(kept, resent.Select(i => i.Sequence));
        Assert.Equal(kept.Select(s => $"k{s - 1}"), resent.Select(i => i.DedupKey));
        var stats = await reopened.GetStatsAsync();
        Assert.Equal((5L, 500L), (stats.Count, stats.Bytes));
    }
}
