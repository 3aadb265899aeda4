using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Storage.Tests.EdgeBuffer;

public sealed class ReadTests : IDisposable
{
    private readonly BufferFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Item_round_trips_key_payload_priority_and_created_time()
    {
        await using var buffer = await _fixture.OpenAsync();
        _fixture.Time.Advance(TimeSpan.FromMinutes(7));
        byte[] payload = [0x00, 0xFF, 0x10, 0x20];
        var sequence = await buffer.AppendAsync(BufferPriority.Alert, "dev-7/rec-42", payload);
        payload[0] = 0x99; // the buffer copied the array: later changes by the caller do not leak in

        var item = Assert.Single(await buffer.ReadBatchAsync(0, null, 10, 1000));
        Assert.Equal(sequence, item.Sequence);
        Assert.Equal(BufferPriority.Alert, item.Priority);
        Assert.Equal("dev-7/rec-42", item.DedupKey);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 8, 7, 0, TimeSpan.Zero), item.Created);
        Assert.Equal([0x00, 0xFF, 0x10, 0x20], item.Payload);
    }

    [Fact]
    public async Task Live_cursor_reads_live_and_alerts_ahead_of_the_backlog_in_sequence_order()
    {
        await using var buffer = await _fixture.OpenAsync();
        var b1 = await buffer.Append(BufferPriority.Bulk, "b1");
        var l1 = await buffer.Append(BufferPriority.Live, "l1");
        var b2 = await buffer.Append(BufferPriority.Bulk, "b2");
        var a1 = await buffer.Append(BufferPriority.Alert, "a1");
        var l2 = await buffer.Append(BufferPriority.Live, "l2");

        var urgent = await buffer.ReadBatchAsync(0, BufferPriority.Live, 10, long.MaxValue);
        Assert.Equal([l1, a1, l2], urgent.Select(i => i.Sequence));

        var alerts = await buffer.ReadBatchAsync(0, BufferPriority.Alert, 10, long.MaxValue);
        Assert.Equal([a1], alerts.Select(i => i.Sequence));

        var backlog = await buffer.ReadBatchAsync(0, null, 10, long.MaxValue, maxPriority: BufferPriority.Bulk);
        Assert.Equal([b1, b2], backlog.Select(i => i.Sequence));

        var everything = await buffer.ReadBatchAsync(0, null, 10, long.MaxValue);
        Assert.Equal([b1, l1, b2, a1, l2], everything.Select(i => i.Sequence));
    }

    [Fact]
    public async Task Cursor_reads_only_after_the_given_sequence()
    {
        await using var buffer = await _fixture.OpenAsync();
        var sequences = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            sequences.Add(await buffer.Append(BufferPriority.Live, $"k{i}"));
        }

        var first = await buffer.ReadBatchAsync(0, BufferPriority.Live, 4, long.MaxValue);
        Assert.Equal(sequences.Take(4), first.Select(i => i.Sequence));
        var rest = await buffer.ReadBatchAsync(first[^1].Sequence, BufferPriority.Live, 4, long.MaxValue);
        Assert.Equal(sequences.Skip(4), rest.Select(i => i.Sequence));
        Assert.Empty(await buffer.ReadBatchAsync(rest[^1].Sequence, BufferPriority.Live, 4, long.MaxValue));
    }

    [Fact]
    public async Task Max_bytes_stops_the_batch_but_always_returns_the_first_item()
    {
        await using var buffer = await _fixture.OpenAsync();
        var big = await buffer.Append(BufferPriority.Live, "big", itemSize: 500);
        var s1 = await buffer.Append(BufferPriority.Live, "s1", itemSize: 100);
        var s2 = await buffer.Append(BufferPriority.Live, "s2", itemSize: 100);
        await buffer.Append(BufferPriority.Live, "s3", itemSize: 100);

        Assert.Equal([big], (await buffer.ReadBatchAsync(0, null, 10, 300)).Select(i => i.Sequence));
        Assert.Equal([s1, s2], (await buffer.ReadBatchAsync(big, null, 10, 250)).Select(i => i.Sequence));
        Assert.Equal([s1, s2], (await buffer.ReadBatchAsync(big, null, 2, 10_000)).Select(i => i.Sequence));
    }

    [Fact]
    public async Task Stats_report_count_bytes_and_oldest_created_per_priority()
    {
        await using var buffer = await _fixture.OpenAsync();
        var start = _fixture.Time.GetUtcNow();
        await buffer.Append(BufferPriority.Bulk, "b1", itemSize: 120);
        _fixture.Time.Advance(TimeSpan.FromSeconds(5));
        await buffer.Append(BufferPriority.Live, "l1", itemSize: 80);
        _fixture.Time.Advance(TimeSpan.FromSeconds(5));
        await buffer.Append(BufferPriority.Bulk, "b2", itemSize: 30);

        var stats = await buffer.GetStatsAsync();
        Assert.Equal((2, 150L, start), (stats[BufferPriority.Bulk].Count, stats[BufferPriority.Bulk].Bytes, stats[BufferPriority.Bulk].OldestCreated));
        Assert.Equal((1, 80L, start.AddSeconds(5)), (stats[BufferPriority.Live].Count, stats[BufferPriority.Live].Bytes, stats[BufferPriority.Live].OldestCreated));
        Assert.Equal((0, 0L, (DateTimeOffset?)null), (stats[BufferPriority.Alert].Count, stats[BufferPriority.Alert].Bytes, stats[BufferPriority.Alert].OldestCreated));
        Assert.Equal(3, stats.Count);
        Assert.Equal(230, stats.Bytes);
        Assert.Equal(3, stats.Appended);
    }
}
