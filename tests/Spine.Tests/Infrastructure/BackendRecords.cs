using System.Text.Json;

namespace TelemetryGateway.Spine.Tests.Infrastructure;

/// <summary>What a time-series backend itself holds of one device, asked through the backend's own query API
/// (InfluxQL <c>/query</c>; VictoriaMetrics <c>/api/v1/export</c>), not through the hub's store: the device
/// record number of every stored point, duplicates included.</summary>
public static class BackendRecords
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Every stored point's record number, in no particular order.</summary>
    public static async Task<List<long>> OfDeviceAsync(string kind, Uri backend, string device, string database = "telemetry")
    {
        if (kind == "influxdb")
        {
            var form = new Dictionary<string, string>
            {
                ["db"] = database,
                ["q"] = $"SELECT \"record\" FROM \"reading\" WHERE \"device\" = '{device}'",
                ["epoch"] = "ns",
            };
            using var response = await Http.PostAsync(new Uri(backend, "query"), new FormUrlEncodedContent(form));
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var records = new List<long>();
            var result = json.RootElement.GetProperty("results")[0];
            if (result.TryGetProperty("series", out var series))
            {
                foreach (var one in series.EnumerateArray())
                {
                    foreach (var row in one.GetProperty("values").EnumerateArray())
                    {
                        records.Add(row[1].GetInt64());
                    }
                }
            }
            return records;
        }
        else
        {
            var form = new Dictionary<string, string> { ["match[]"] = $"reading_record{{device=\"{device}\"}}" };
            using var response = await Http.PostAsync(new Uri(backend, "api/v1/export"), new FormUrlEncodedContent(form));
            response.EnsureSuccessStatusCode();
            var records = new List<long>();
            foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var json = JsonDocument.Parse(line);
                records.AddRange(json.RootElement.GetProperty("values").EnumerateArray().Select(v => (long)v.GetDouble()));
            }
            return records;
        }
    }

    /// <summary>Waits until the backend holds <paramref name="count"/> points of the device, then checks they are
    /// exactly record numbers 1..count, each once (a missing one and a doubled one cannot cancel out).</summary>
    public static async Task AssertExactlyOnceAsync(string kind, Uri backend, string device, int count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        List<long> records;
        while ((records = await OfDeviceAsync(kind, backend, device)).Count < count)
        {
            if (DateTime.UtcNow >= until && Environment.GetEnvironmentVariable("TG_DIAG") is { } diag)
            {
                var all = new HashSet<long>(records);
                var missingNow = Enumerable.Range(1, count).Select(i => (long)i).Where(r => !all.Contains(r)).ToList();
                var form = new Dictionary<string, string> { ["match[]"] = $"{{__name__=~\"reading_(record|tick|seq|stored)\",device=\"{device}\"}}" };
                using var response = await Http.PostAsync(new Uri(backend, "api/v1/export"), new FormUrlEncodedContent(form));
                await File.WriteAllTextAsync(diag, string.Join(",", missingNow) + "\n" + await response.Content.ReadAsStringAsync());
            }
            Assert.True(DateTime.UtcNow < until, $"{kind} holds {records.Count} of {count} readings of {device} after {timeout}");
            await Task.Delay(200);
        }
        records.Sort();
        var doubled = records.Count - records.Distinct().Count();
        var missing = Enumerable.Range(1, count).Select(i => (long)i).Except(records).Take(10).ToList();
        Assert.True(doubled == 0 && missing.Count == 0 && records.Count == count,
            $"{kind} holds {records.Count} points of {device}: {doubled} doubled, missing e.g. [{string.Join(", ", missing)}]");
    }
}
