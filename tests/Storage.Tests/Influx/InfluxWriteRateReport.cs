using System.Diagnostics;
using System.Text;
using TelemetryGateway.Core;
using TelemetryGateway.Storage.Influx;
using TelemetryGateway.Storage.Influx.Internal;
using TelemetryGateway.Storage.Influx.LineProtocol;
using Xunit.Abstractions;

namespace TelemetryGateway.Storage.Tests.Influx;

/// <summary>Prints the rate of <see cref="InfluxReadingStore"/> writing into a real influxd in batches of
/// 5 000, beside the rate of curl POSTing the same lines raw to a fresh database in the same run (the
/// baseline: influxd's own ingest cost). Asserts only counts, never timing. Scale with INFLUX_REPORT_READINGS.</summary>
public sealed class InfluxWriteRateReport(InfluxFixture fixture, ITestOutputHelper output) : IClassFixture<InfluxFixture>
{
    private const int Batch = 5000;

    [Fact]
    public async Task Prints_readings_per_second_against_a_raw_curl_baseline()
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable("INFLUX_REPORT_READINGS"), out var n) ? n : 200_000;
        var readings = Monitors(total);

        // Baseline: the same lines, one curl process POSTing them 5 000 per request, uncompressed.
        var files = WriteChunks(readings);
        var baselineDb = "baseline";
        await using (var create = await InfluxReadingStore.OpenAsync(fixture.Options(baselineDb)))
        {
        }
        var curl = Stopwatch.StartNew();
        await Curl(files, new Uri(fixture.Server.Url, $"write?db={baselineDb}&precision=ns"));
        curl.Stop();

        var rates = new List<string>();
        foreach (var gzip in new[] { true, false })
        {
            await using var store = await InfluxReadingStore.OpenAsync(fixture.Options() with { Gzip = gzip });
            var clock = Stopwatch.StartNew();
            long inserted = 0;
            for (var offset = 0; offset < readings.Length; offset += Batch)
            {
                inserted += (await store.WriteAsync(new ArraySegment<Reading>(readings, offset, Math.Min(Batch, readings.Length - offset)), "gw-load")).Inserted;
            }
            clock.Stop();
            Assert.Equal(readings.Length, inserted);
            Assert.Equal(readings.Length, await store.CountAsync());
            rates.Add($"store (gzip {(gzip ? "on" : "off")}): {readings.Length / clock.Elapsed.TotalSeconds:F0} readings/s ({clock.Elapsed.TotalSeconds:F2} s), {clock.Elapsed.TotalSeconds / curl.Elapsed.TotalSeconds:F2}× curl's time");
        }
        output.WriteLine($"{readings.Length} readings, batches of {Batch}, influxd {fixture.Server.Url}");
        output.WriteLine($"curl raw POST:      {readings.Length / curl.Elapsed.TotalSeconds:F0} readings/s ({curl.Elapsed.TotalSeconds:F2} s)");
        foreach (var rate in rates)
        {
            output.WriteLine(rate);
        }
        foreach (var file in files)
        {
            File.Delete(file);
        }
    }

    /// <summary>Ambulance monitors: 50 devices × 6 vitals at 1 Hz, keyed by measured time.</summary>
    private static Reading[] Monitors(int count)
    {
        string[] kinds = [ReadingKinds.HeartRate, ReadingKinds.SpO2, ReadingKinds.RespRate, ReadingKinds.EtCO2, ReadingKinds.BpSystolic, ReadingKinds.BpDiastolic];
        var t0 = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var readings = new Reading[count];
        for (var i = 0; i < count; i++)
        {
            var kind = kinds[i % kinds.Length];
            var device = i / kinds.Length % 50;
            var second = i / (kinds.Length * 50);
            var measured = t0.AddSeconds(second).AddMilliseconds(device * 7);
            readings[i] = new Reading
            {
                Kind = kind,
                Value = 60 + (i % 97) * 0.5,
                Unit = ReadingKinds.Get(kind).Unit,
                DeviceId = $"monitor-{device:D3}",
                PatientId = $"P-{device + 1000}",
                Source = ReadingSource.Mqtt,
                MeasuredAt = measured,
                ReceivedAt = measured.AddMilliseconds(350),
            };
        }
        return readings;
    }

    private static List<string> WriteChunks(Reading[] readings)
    {
        var files = new List<string>();
        var stored = DateTimeOffset.UtcNow;
        for (var offset = 0; offset < readings.Length; offset += Batch)
        {
            var lines = new LineProtocolWriter();
            for (var i = offset; i < Math.Min(offset + Batch, readings.Length); i++)
            {
                InfluxSchema.Append(lines, "reading", readings[i], InfluxSchema.PreferredTime(readings[i]), "gw-load", stored, i);
            }
            var file = Path.Combine(Path.GetTempPath(), $"influx-baseline-{Guid.NewGuid():N}.lp");
            File.WriteAllText(file, lines.ToString(), new UTF8Encoding(false));
            files.Add(file);
        }
        return files;
    }

    /// <summary>One curl process, one request per file in turn (<c>--next</c>), failing on any HTTP error.</summary>
    private static async Task Curl(List<string> files, Uri url)
    {
        var info = new ProcessStartInfo(ServerProcess.Require("curl", "curl")) { RedirectStandardError = true, RedirectStandardOutput = true };
        for (var i = 0; i < files.Count; i++)
        {
            if (i > 0)
            {
                info.ArgumentList.Add("--next");
            }
            foreach (var argument in new[] { "-sS", "--fail", "-XPOST", "-H", "Content-Type: text/plain", "--data-binary", "@" + files[i], url.AbsoluteUri })
            {
                info.ArgumentList.Add(argument);
            }
        }
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"curl failed: {await error}");
    }
}
