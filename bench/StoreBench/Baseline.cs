using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TelemetryGateway.Core;
using TelemetryGateway.Storage.Influx.Internal;
using TelemetryGateway.Storage.Influx.LineProtocol;
using TelemetryGateway.Storage.VictoriaMetrics.Internal;

namespace TelemetryGateway.Bench.Store;

/// <summary>The raw baseline: the lines the hub's store would write for the same readings (its own schema code),
/// in files of 5,000, POSTed uncompressed by one curl process, one request after another (<c>--next</c>).</summary>
internal static class Baseline
{
    private const int LinesPerRequest = 5000;

    public static async Task<TimeSpan> RunAsync(Server server, Reading[] readings, string target)
    {
        var files = new List<string>();
        var stored = DateTimeOffset.UtcNow;
        for (var offset = 0; offset < readings.Length; offset += LinesPerRequest)
        {
            var lines = new LineProtocolWriter();
            for (var i = offset; i < Math.Min(offset + LinesPerRequest, readings.Length); i++)
            {
                if (server.Kind == "influxdb")
                {
                    InfluxSchema.Append(lines, "reading", readings[i], InfluxSchema.PreferredTime(readings[i]), "gw-bench", stored, i);
                }
                else
                {
                    VmSchema.Append(lines, target, readings[i], VmSchema.PreferredTime(readings[i]), "gw-bench", stored, i);
                }
            }
            var file = Path.Combine(Path.GetTempPath(), $"store-bench-{Guid.NewGuid():N}.lp");
            await File.WriteAllTextAsync(file, lines.ToString(), new UTF8Encoding(false));
            files.Add(file);
        }
        Uri url;
        if (server.Kind == "influxdb")
        {
            await Backend.InfluxQueryAsync(server, $"CREATE DATABASE \"{target}\"", null);
            url = new Uri(server.Url, $"write?db={target}&precision=ns");
        }
        else
        {
            url = new Uri(server.Url, "write?precision=ms");
        }
        var info = new ProcessStartInfo("curl") { RedirectStandardError = true, RedirectStandardOutput = true };
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
        var clock = Stopwatch.StartNew();
        using (var process = Process.Start(info)!)
        {
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            clock.Stop();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"curl failed: {await error}");
            }
        }
        foreach (var file in files)
        {
            File.Delete(file);
        }
        return clock.Elapsed;
    }
}

/// <summary>Counts through the backend's own query API.</summary>
internal static class Backend
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(5) };

    public static async Task<long> CountAsync(Server server, string name)
    {
        if (server.Kind == "influxdb")
        {
            using var json = await InfluxQueryAsync(server, "SELECT count(\"value\") FROM \"reading\"", name);
            var result = json.RootElement.GetProperty("results")[0];
            return result.TryGetProperty("series", out var series) ? series[0].GetProperty("values")[0][1].GetInt64() : 0;
        }
        using (await Http.GetAsync(new Uri(server.Url, "internal/force_flush")))
        {
        }
        var form = new Dictionary<string, string> { ["match[]"] = $"{{__name__=\"{name}_value\"}}" };
        using var response = await Http.PostAsync(new Uri(server.Url, "api/v1/export"), new FormUrlEncodedContent(form));
        response.EnsureSuccessStatusCode();
        long count = 0;
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            count += json.RootElement.GetProperty("values").GetArrayLength();
        }
        return count;
    }

    public static async Task<JsonDocument> InfluxQueryAsync(Server server, string statement, string? database)
    {
        var form = new Dictionary<string, string> { ["q"] = statement };
        if (database is not null)
        {
            form["db"] = database;
        }
        using var response = await Http.PostAsync(new Uri(server.Url, "query"), new FormUrlEncodedContent(form));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonDocument>())!;
    }
}
