using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Storage.Tests.EdgeBuffer;

/// <summary>Capacity 500 bytes, items of exactly 100 bytes unless said otherwise.</summary>
public sealed class EvictionTests : IDisposable
{
    private const long Capacity = 500;
    private readonly BufferFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Evicts_oldest_bulk_then_oldest_live_never_alerts_then_rejects()
    {
        await using var buffer = await _fixture.OpenAsync(Capacity);
        var b1 = await buffer.Append(BufferPriority.Bulk, "b1");
        var l1 = await buffer.Append(BufferPriority.Live, "l1");
        var b2 = await buffer.Append(BufferPriority.Bulk, "b2");
        var l2 = await buffer.Append(BufferPriority.Live, "l2");
        var a1 = await buffer.Append(BufferPriority.Alert, "a1");

        var a2 = await buffer.Append(BufferPriority.Alert, "a2");
        Assert.Equal([l1, b2, l2, a1, a2], await buffer.AllSequences()); // oldest bulk went first
        var a3 = await buffer.Append(BufferPriority.Alert, "a3");
        Assert.Equal([l1, l2, a1, a2, a3], await buffer.AllSequences()); // then the next bulk
        var l3 = await buffer.Append(BufferPriority.Live, "l3");
        Assert.Equal([l2, a1, a2, a3, l3], await buffer.AllSequences()); // no bulk left: oldest live
        var a4 = await buffer.Append(BufferPriority.Alert, "a4");
        var a5 = await buffer.Append(BufferPriority.Alert, "a5");
        Assert.Equal([a1, a2, a3, a4, a5], await buffer.AllSequences()); // only alerts remain

        var full = await Assert.ThrowsAsync<BufferFullException>(() => buffer.Append(BufferPriority.Alert, "a6"));
        Assert.Contains("a6", full.Message);
        await Assert.ThrowsAsync<BufferFullException>(() => buffer.Append(BufferPriority.Live, "l4"));
        Assert.Equal([a1, a2, a3, a4, a5], await buffer.AllSequences());

        var stats = await buffer.GetStatsAsync();
        Assert.Equal((2L, 3L, 0L), (stats[BufferPriority.Bulk].Evicted, stats[BufferPriority.Live].Evicted, stats[BufferPriority.Alert].Evicted));
        Assert.Equal((0L, 1L, 1L), (stats[BufferPriority.Bulk].Rejected, stats[BufferPriority.Live].Rejected, stats[BufferPriority.Alert].Rejected));
        Assert.Equal((5L, 2L), (stats.Evicted, stats.Rejected));
        Assert.Equal((5L, Capacity), (stats.Count, stats.Bytes));
        _ = (b1, b2);
    }

    [Fact]
    public async Task Back_fill_evicts_older_back_fill_but_never_live_vitals()
    {
        await using var buffer = await _fixture.OpenAsync(300);
        var b1 = await buffer.Append(BufferPriority.Bulk, "b1");
        var l1 = await buffer.Append(BufferPriority.Live, "l1");
        var l2 = await buffer.Append(BufferPriority.Live, "l2");

        var b2 = await buffer.Append(BufferPriority.Bulk, "b2");
        Assert.Equal([l1, l2, b2], await buffer.AllSequences());

        await buffer.AcknowledgeAsync([b2]);
        await buffer.Append(BufferPriority.Alert, "a1");
        await Assert.ThrowsAsync<BufferFullException>(() => buffer.Append(BufferPriority.Bulk, "b3"));
        Assert.Equal(3, (await buffer.AllSequences()).Length);

        var stats = await buffer.GetStatsAsync();
        Assert.Equal((1L, 0L, 1L), (stats[BufferPriority.Bulk].Evicted, stats[BufferPriority.Live].Evicted, stats[BufferPriority.Bulk].Rejected));
        _ = b1;
    }

    [Fact]
    public async Task A_large_item_evicts_as_many_old_items_as_it_needs_and_no_more()
    {
        await using var buffer = await _fixture.OpenAsync(Capacity);
        var s = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            s.Add(await buffer.Append(BufferPriority.Bulk, $"b{i}"));
        }

        var big = await buffer.Append(BufferPriority.Live, "big", itemSize: 250);

        Assert.Equal([s[3], s[4], big], await buffer.AllSequences());
        var stats = await buffer.GetStatsAsync();
        Assert.Equal((3L, 450L), (stats.Evicted, stats.Bytes));
    }

    [Fact]
    public async Task An_item_larger_than_the_capacity_is_rejected_without_evicting_anything()
    {
        await using var buffer = await _fixture.OpenAsync(Capacity);
        var b = await buffer.Append(BufferPriority.Bulk, "b");

        await Assert.ThrowsAsync<BufferFullException>(() => buffer.Append(BufferPriority.Alert, "huge", itemSize: 501));

        Assert.Equal([b], await buffer.AllSequences());
        Assert.Equal(0, (await buffer.GetStatsAsync()).Evicted);
    }

    [Fact]
    public async Task Capacity_is_accounted_correctly_after_reopen()
    {
        await using (var buffer = await _fixture.OpenAsync(Capacity))
        {
            for (var i = 0; i < 5; i++)
            {
                await buffer.Append(BufferPriority.Bulk, $"b{i}");
            }
        }

        await using var reopened = await _fixture.OpenAsync(Capacity);
        await reopened.Append(BufferPriority.Alert, "a");
        var stats = await reopened.GetStatsAsync();
        Assert.Equal((5L, Capacity, 1L), (stats.Count, stats.Bytes, stats.Evicted));
    }
}
