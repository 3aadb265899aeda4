using System.Net.Http.Headers;
using System.Text;
using TelemetryGateway.Core;
using TelemetryGateway.Storage.Influx;
using TelemetryGateway.Storage.SeriesStore;
using TelemetryGateway.Storage.Tests.SeriesStore;

namespace TelemetryGateway.Storage.Tests.Influx;

/// <summary>What only a real influxd can show: volume with awkward names, a server killed mid-stream,
/// replays after it, and the server's own refusals.</summary>
public sealed class InfluxIntegrationTests(InfluxFixture fixture) : IClassFixture<InfluxFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_hundred_thousand_readings_with_awkward_names_are_each_read_back_exactly_and_replays_do_not_double_count()
    {
        var readings = AwkwardReadings.Make(100_000);
        await using var store = await InfluxReadingStore.OpenAsync(fixture.Options());

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
        // Oldest first by effective time; the 300 readings at one instant in the order they were stored.
        Assert.Equal(readings.OrderBy(r => r.EffectiveTime.UtcTicks).Select(r => r.Key), stored.Select(s => s.Reading.Key));

        // Each awkward id matches exactly itself.
        var device = readings[12_345].DeviceId;
        var patient = readings[12_346].PatientId!;
        Assert.Equal(readings.Count(r => r.DeviceId == device), await store.CountAsync(new ReadingQuery { DeviceId = device }));
        var byPatient = await store.QueryAsync(new ReadingQuery { PatientId = patient, Limit = ReadingQuery.MaxLimit });
        // Newest first: ties at one instant in reverse storage order.
        Assert.Equal(readings.Where(r => r.PatientId == patient).OrderBy(r => r.EffectiveTime.UtcTicks).Reverse().Select(r => r.Key), byPatient.Select(s => s.Reading.Key));
    }

    [Fact]
    public async Task A_server_killed_mid_stream_fails_the_write_and_once_it_is_back_writes_succeed_and_replays_do_not_double_count()
    {
        var readings = AwkwardReadings.Make(40_000);
        var batches = readings.Chunk(2000).ToArray();
        await using var store = await InfluxReadingStore.OpenAsync(fixture.Options());
        var acknowledged = new List<Reading>();

        for (var i = 0; i < 5; i++)
        {
            await store.WriteAsync(batches[i], "gw").WaitAsync(Long);
            acknowledged.AddRange(batches[i]);
        }
        await fixture.Server.KillAsync();
        // The duplicate lookup or the write itself finds the server gone: an IOException (InfluxWriteException
        // for the write) once the retry budget is spent, never a success.
        await Assert.ThrowsAnyAsync<IOException>(() => store.WriteAsync(batches[5], "gw").WaitAsync(Long));
        Assert.False(await store.IsHealthyAsync());

        await fixture.Server.StartAsync();
        var replayOfAcknowledged = await store.WriteAsync(batches[4], "gw").WaitAsync(Long);
        long inserted = 0;
        for (var i = 5; i < batches.Length; i++)
        {
            inserted += (await store.WriteAsync(batches[i], "gw").WaitAsync(Long)).Inserted;
        }
        var again = await store.WriteAsync(readings, "gw").WaitAsync(Long);

        Assert.True(await store.IsHealthyAsync());
        Assert.Equal(new StoreWriteResult(0, 2000), replayOfAcknowledged); // the acknowledged batch survived SIGKILL
        Assert.Equal(readings.Length - acknowledged.Count, inserted);
        Assert.Equal(new StoreWriteResult(0, readings.Length), again);
        Assert.Equal(readings.Length, await store.CountAsync());
        var stored = await store.QueryAsync(new ReadingQuery { Limit = ReadingQuery.MaxLimit });
        Assert.Equal(readings.Select(r => r.Key).ToHashSet(), stored.Select(s => s.Reading.Key).ToHashSet());
    }

    [Fact]
    public async Task A_write_the_server_refuses_fails_at_once_with_its_reason_and_is_not_retried()
    {
        var options = fixture.Options() with { RetryMaxElapsed = TimeSpan.FromMinutes(5) };
        await using var store = await InfluxReadingStore.OpenAsync(options);
        // Another writer made "value" a string field in this measurement: influxd refuses our floats.
        using (var http = new HttpClient())
        {
            var conflict = new StringContent("reading,device=cuff-1,kind=bp.systolic value=\"high\" 1740816000000000000\n", Encoding.UTF8);
            using var response = await http.PostAsync(new Uri(fixture.Server.Url, $"write?db={options.Database}"), conflict);
            Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() =>
            store.WriteAsync([Sample.Make(device: "cuff-1", record: 1), Sample.Make(device: "cuff-1", record: 2)], "gw").WaitAsync(Long));

        Assert.False(error.IsTransient);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("field type conflict", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "a refused write must not be retried until the budget runs out");
        Assert.False(await store.IsHealthyAsync());
    }
}
