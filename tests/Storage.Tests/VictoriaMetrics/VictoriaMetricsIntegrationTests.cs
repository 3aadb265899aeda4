using TelemetryGateway.Storage.SeriesStore;
using TelemetryGateway.Storage.Tests.Influx;
using TelemetryGateway.Storage.VictoriaMetrics;
using Xunit.Abstractions;

namespace TelemetryGateway.Storage.Tests.VictoriaMetrics;

/// <summary>What only a real victoria-metrics can show: volume with awkward names, a server killed
/// mid-stream, and replays after it.</summary>
public sealed class VictoriaMetricsIntegrationTests(VictoriaMetricsFixture fixture, ITestOutputHelper output) : IClassFixture<VictoriaMetricsFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_hundred_thousand_readings_with_awkward_names_are_each_read_back_exactly_and_replays_do_not_double_count()
    {
        var readings = AwkwardReadings.Make(100_000);
        await using var store = await VictoriaMetricsReadingStore.OpenAsync(fixture.Options());

        long inserted = 0;
        foreach (var batch in readings.Chunk(5000))
        {
            inserted += (await store.WriteAsync(batch, "gw \"east\", ward=3\\").WaitAsync(Long)).Inserted;
        }
        var replay = new StoreWriteResult();
        foreach (var batch in readings.Chunk(5000))
        {
            var result = await store.WriteAsync(batch, "gw-replay").WaitAsync(Long);
            replay = new StoreWriteResult(replay.Inserted + result.Inserted, replay.Duplicates + result.Duplicates, replay.Conflicts + result.Conflicts);
        }
        var stored = await store.QueryAsync(new ReadingQuery { Limit = ReadingQuery.MaxLimit, Order = QueryOrder.OldestFirst }).WaitAsync(Long);

        Assert.Equal(100_000, inserted);
        Assert.Equal(new StoreWriteResult(0, 100_000, 0), replay);
        Assert.Equal(100_000, await store.CountAsync().WaitAsync(Long));
        Assert.Equal(100_000, stored.Count);
        Assert.All(stored, s => Assert.Equal("gw \"east\", ward=3\\", s.GatewayId));
        var expected = readings.ToLookup(r => r.Key);
        foreach (var s in stored)
        {
            Assert.Equal(Assert.Single(expected[s.Reading.Key]), s.Reading);
        }
        Assert.Equal(readings.OrderBy(r => r.EffectiveTime.UtcTicks).Select(r => r.Key), stored.Select(s => s.Reading.Key));
        var device = readings[12_345].DeviceId;
        Assert.Equal(readings.Count(r => r.DeviceId == device), await store.CountAsync(new ReadingQuery { DeviceId = device }));
    }

    [Fact]
    public async Task Without_durable_writes_a_SIGKILL_loses_acknowledged_readings_which_is_why_they_are_the_default()
    {
        var options = fixture.Options() with { DurableWrites = false };
        var readings = AwkwardReadings.Make(2000);
        await using var store = await VictoriaMetricsReadingStore.OpenAsync(options);
        await store.WriteAsync(readings, "gw").WaitAsync(Long);
        Assert.Equal(2000, await store.CountAsync()); // flushed: searchable

        await fixture.Server.KillAsync();
        await fixture.Server.StartAsync();
        // A fresh store, as after a hub restart: the old one remembers its own recent writes (RecentWrites) and
        // would rightly skip them, which would hide the loss this test counts.
        await using var fresh = await VictoriaMetricsReadingStore.OpenAsync(options);
        var rewritten = await fresh.WriteAsync(readings, "gw").WaitAsync(Long);

        output.WriteLine($"{rewritten.Inserted} of 2000 acknowledged readings were lost to SIGKILL after force_flush");
        // Without a snapshot the rewritten points become searchable a moment later.
        var until = DateTime.UtcNow + Long;
        long count;
        while ((count = await fresh.CountAsync()) < 2000 && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
        }
        Assert.Equal(2000, count);
    }

    [Fact]
    public async Task A_server_killed_mid_stream_fails_the_write_and_once_it_is_back_writes_succeed_and_replays_do_not_double_count()
    {
        var readings = AwkwardReadings.Make(40_000);
        var batches = readings.Chunk(2000).ToArray();
        await using var store = await VictoriaMetricsReadingStore.OpenAsync(fixture.Options());

        for (var i = 0; i < 5; i++)
        {
            await store.WriteAsync(batches[i], "gw").WaitAsync(Long);
        }
        await fixture.Server.KillAsync();
        await Assert.ThrowsAnyAsync<IOException>(() => store.WriteAsync(batches[5], "gw").WaitAsync(Long));
        Assert.False(await store.IsHealthyAsync());

        await fixture.Server.StartAsync();
        // Every acknowledged reading survived SIGKILL (DurableWrites: a snapshot after each write).
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(new StoreWriteResult(0, 2000), await store.WriteAsync(batches[i], "gw").WaitAsync(Long));
        }
        for (var i = 5; i < batches.Length; i++)
        {
            await store.WriteAsync(batches[i], "gw").WaitAsync(Long);
        }
        var again = await store.WriteAsync(readings, "gw").WaitAsync(Long);

        Assert.True(await store.IsHealthyAsync());
        Assert.Equal(new StoreWriteResult(0, readings.Length), again);
        Assert.Equal(readings.Length, await store.CountAsync());
        var stored = await store.QueryAsync(new ReadingQuery { Limit = ReadingQuery.MaxLimit });
        Assert.Equal(readings.Select(r => r.Key.ToString()).Order(StringComparer.Ordinal), stored.Select(s => s.Reading.Key.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Readings_that_find_no_free_millisecond_are_rejected_one_by_one_and_the_rest_are_stored()
    {
        // One sample per series and millisecond, and a colliding reading moves at most VmSchema.MaxShiftMs:
        // 1,003 readings of one device and kind measured in the same millisecond leave two with no slot.
        var at = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
        var readings = Enumerable.Range(1, 1003).Select(i => new Core.Reading
        {
            Kind = "heart.rate",
            Value = 60 + i % 40,
            Unit = "/min",
            DeviceId = "burst-1",
            Source = Core.ReadingSource.Generator,
            MeasuredAt = at,
            ReceivedAt = at,
            DeviceRecordNumber = i,
        }).ToList();
        await using var store = await VictoriaMetricsReadingStore.OpenAsync(fixture.Options());

        var result = await store.WriteAsync(readings, "gw-burst").WaitAsync(Long);

        Assert.Equal(1001, result.Inserted);
        Assert.Equal(1003, result.Total);
        Assert.Equal([1001, 1002], result.Rejected!.Select(r => r.Index));
        Assert.Contains("burst-1", result.Rejected![0].Reason, StringComparison.Ordinal);
        Assert.Equal(1001, await store.CountAsync(new ReadingQuery { DeviceId = "burst-1" }).WaitAsync(Long));
    }
}
