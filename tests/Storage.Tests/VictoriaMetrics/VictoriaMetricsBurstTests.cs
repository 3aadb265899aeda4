using TelemetryGateway.Core;
using TelemetryGateway.Storage.SeriesStore;
using TelemetryGateway.Storage.Tests.SeriesStore;
using TelemetryGateway.Storage.VictoriaMetrics;

namespace TelemetryGateway.Storage.Tests.VictoriaMetrics;

/// <summary>Bursts of readings sharing one millisecond, which VictoriaMetrics stores one per millisecond: each
/// reading moved to the next free millisecond must stay where no later write can land on it (with
/// -dedup.minScrapeInterval=1ms a second sample in a millisecond replaces the first: a lost reading).</summary>
public sealed class VictoriaMetricsBurstTests(VictoriaMetricsFixture fixture) : IClassFixture<VictoriaMetricsFixture>
{
    [Fact]
    public async Task Interleaved_bursts_at_two_instants_then_a_third_burst_keep_every_reading()
    {
        await using var store = await VictoriaMetricsReadingStore.OpenAsync(fixture.Options());
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
        t0 = t0.AddTicks(-(t0.UtcTicks % TimeSpan.TicksPerMillisecond));
        // Even records measured at t0, odd ones 228 ms later, in one batch: both bursts spread over the same
        // milliseconds, alternating (a generator catching up under load produced exactly this).
        var first = Enumerable.Range(1, 600)
            .Select(r => Reading(r, r % 2 == 0 ? t0 : t0.AddMilliseconds(228)))
            .ToArray();
        var second = Enumerable.Range(601, 400).Select(r => Reading(r, t0)).ToArray();

        Assert.Equal(600, (await store.WriteAsync(first, "gw")).Inserted);
        Assert.Equal(400, (await store.WriteAsync(second, "gw")).Inserted);

        var stored = await store.QueryAsync(new ReadingQuery { DeviceId = "burst-1", Limit = 10_000 });
        Assert.Equal(Enumerable.Range(1, 1000).Select(r => (long)r), stored.Select(s => s.Reading.DeviceRecordNumber!.Value).Order());
    }

    private static Reading Reading(long record, DateTimeOffset at) => Sample.Make(ReadingKinds.HeartRate, 60 + (record % 50), "burst-1", "p-1", record, at, at);
}
