using System.Diagnostics;
using TelemetryGateway.Core;
using TelemetryGateway.Storage.SeriesStore;
using Xunit.Abstractions;

namespace TelemetryGateway.Storage.Tests.SeriesStore;

/// <summary>Prints the sustained write rate of <see cref="SqliteReadingStore"/>; asserts only the counts,
/// never the timing (a shared CI machine cannot promise one). Scale it with SERIESSTORE_REPORT_READINGS.</summary>
public sealed class WriteRateReport(ITestOutputHelper output) : IDisposable
{
    private readonly StoreFixture _fixture = new();

    [Theory]
    [InlineData(500, 1)]
    [InlineData(5000, 1)]
    [InlineData(500, 8)]
    public async Task Prints_readings_per_second(int batchSize, int gateways)
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable("SERIESSTORE_REPORT_READINGS"), out var n) ? n : 100_000;
        var perGateway = total / gateways / batchSize * batchSize;
        var streams = Enumerable.Range(0, gateways).Select(g => Synthetic(g, perGateway)).ToArray();
        await using var store = await _fixture.OpenAsync();

        // Each gateway uploads its batches one after another, awaiting each acknowledgement, as a gateway does.
        var clock = Stopwatch.StartNew();
        var inserted = await Task.WhenAll(streams.Select(async readings =>
        {
            long count = 0;
            for (var offset = 0; offset < readings.Length; offset += batchSize)
            {
                count += (await store.WriteAsync(new ArraySegment<Reading>(readings, offset, batchSize), "gw-load")).Inserted;
            }
            return count;
        }));
        clock.Stop();

        var stored = perGateway * gateways;
        output.WriteLine($"{stored} readings, {gateways} gateway(s) uploading batches of {batchSize}: {clock.Elapsed.TotalSeconds:F2} s, {stored / clock.Elapsed.TotalSeconds:F0} readings/s");
        Assert.Equal(stored, inserted.Sum());
        Assert.Equal(stored, await store.CountAsync());
    }

    public void Dispose() => _fixture.Dispose();

    /// <summary>What one gateway uploads: 10 monitors, 6 vital kinds each, one record per second.</summary>
    private static Reading[] Synthetic(int gateway, int count)
    {
        string[] kinds = [ReadingKinds.HeartRate, ReadingKinds.SpO2, ReadingKinds.RespRate, ReadingKinds.EtCO2, ReadingKinds.BpSystolic, ReadingKinds.BodyTemperature];
        var readings = new Reading[count];
        for (var i = 0; i < count; i++)
        {
            var kind = kinds[i % kinds.Length];
            var monitor = (gateway * 10) + (i / kinds.Length % 10);
            var second = i / (kinds.Length * 10);
            var measured = Sample.T0.AddSeconds(second);
            readings[i] = new Reading
            {
                Kind = kind,
                Value = 60 + (i % 40),
                Unit = ReadingKinds.Get(kind).Unit,
                DeviceId = $"monitor-{monitor:D3}",
                PatientId = $"patient-{monitor:D3}",
                Source = ReadingSource.Mqtt,
                MeasuredAt = measured,
                ReceivedAt = measured.AddMilliseconds(300),
                DeviceRecordNumber = second,
                Flags = i % 17 == 0 ? ReadingFlags.High : ReadingFlags.None,
            };
        }
        return readings;
    }
}
