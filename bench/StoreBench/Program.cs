using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using TelemetryGateway.Bench.Store;
using TelemetryGateway.Hub;

// store-bench: readings/s into influxd and victoria-metrics THROUGH THE HUB with acknowledgement semantics (an
// ingest client streams batches to an in-process hub whose store is the backend; a batch counts once acknowledged,
// i.e. once the backend accepted it), against curl POSTing the same line-protocol lines raw to the same server in
// the same round. Medians over rounds; every round checks the count through the backend's own query API.
// Usage: store-bench [--readings=500000] [--vm-readings=100000] [--rounds=3] [--backends=influxdb,victoriametrics]
//                    [--gzip=false] [--window=16] [--lines=N (Hub:Store:MaxLinesPerRequest)]
var flags = args.Select(a => a.TrimStart('-').Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "true");
var readingsInflux = int.Parse(flags.GetValueOrDefault("readings", "500000"), CultureInfo.InvariantCulture);
var readingsVm = int.Parse(flags.GetValueOrDefault("vm-readings", "100000"), CultureInfo.InvariantCulture);
var rounds = int.Parse(flags.GetValueOrDefault("rounds", "3"), CultureInfo.InvariantCulture);
var backends = flags.GetValueOrDefault("backends", "influxdb,victoriametrics").Split(',');
var gzip = bool.Parse(flags.GetValueOrDefault("gzip", "false"));
var window = int.Parse(flags.GetValueOrDefault("window", "16"), CultureInfo.InvariantCulture);
var lines = flags.GetValueOrDefault("lines"); // Hub:Store:MaxLinesPerRequest (the store's default when absent)
const string Secret = "bench-secret";
var hash = SecretHasher.Hash(Secret);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"store-bench {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} CPUs, load {File.ReadAllText("/proc/loadavg").Trim()}; gzip {(gzip ? "on" : "off")}, window {window} batches of 2000"));
foreach (var kind in backends)
{
    var count = kind == "influxdb" ? readingsInflux : readingsVm;
    var readings = Workload.Monitors(count);
    var batches = Workload.Batches(readings, 2000);
    await using var server = await Server.StartAsync(kind);
    Console.Error.WriteLine($"{kind} started at {server.Url}");
    var hubRates = new List<double>();
    var curlRates = new List<double>();
    for (var round = 1; round <= rounds; round++)
    {
        // Baseline first: the same lines the hub writes, 5,000 per request, one curl process (--next).
        var target = $"r{round}c";
        var curlCpu0 = server.CpuSeconds();
        var curl = await Baseline.RunAsync(server, readings, target);
        var curlBackendCpu = server.CpuSeconds() - curlCpu0;
        Console.Error.WriteLine($"curl done in {curl.TotalSeconds:F2} s");
        var curlStored = await Backend.CountAsync(server, target);
        curlRates.Add(count / curl.TotalSeconds);

        // Through the hub: a fresh database (InfluxDB) or measurement (VictoriaMetrics) per round.
        var name = $"r{round}h";
        var data = Directory.CreateTempSubdirectory("store-bench-hub-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Hub:DataDirectory"] = data,
            ["Hub:GrpcUrl"] = "http://127.0.0.1:0",
            ["Hub:HttpUrl"] = "http://127.0.0.1:0",
            ["Hub:Gateways:gw-bench:Secret"] = hash,
            ["Hub:Store:Kind"] = kind,
            ["Hub:Store:Url"] = server.Url.ToString(),
            ["Hub:Store:Gzip"] = gzip ? "true" : "false",
            ["Hub:Store:MaxLinesPerRequest"] = lines,
        };
        settings[kind == "influxdb" ? "Hub:Store:Database" : "Hub:Store:Measurement"] = name;
        var hub = await HubHost.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var hubCpu0 = ProcCpu.Seconds(Environment.ProcessId);
        var backendCpu0 = server.CpuSeconds();
        Console.Error.WriteLine($"hub started at {hub.GrpcAddress}");
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var elapsed = await IngestClient.RunAsync(hub.GrpcAddress, "gw-bench", Secret, batches, window, limit.Token);
        var hubCpu = ProcCpu.Seconds(Environment.ProcessId) - hubCpu0;
        var backendCpu = server.CpuSeconds() - backendCpu0;
        var stored = await Backend.CountAsync(server, name);
        await hub.DisposeAsync();
        Directory.Delete(data, recursive: true);
        hubRates.Add(count / elapsed.TotalSeconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kind} round {round}: curl {count / curl.TotalSeconds,9:F0}/s ({curl.TotalSeconds:F2} s, {curlStored} stored; {kind} CPU {curlBackendCpu:F1} s) | hub {count / elapsed.TotalSeconds,9:F0}/s ({elapsed.TotalSeconds:F2} s, {stored} stored; CPU s: bench+hub {hubCpu:F1}, {kind} {backendCpu:F1})"));
        if (curlStored != count || stored != count)
        {
            Console.Error.WriteLine($"count mismatch: expected {count}");
            return 1;
        }
    }
    var hubMedian = Median(hubRates);
    var curlMedian = Median(curlRates);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{kind}: {count} readings × {rounds} rounds — median hub {hubMedian:F0}/s, curl {curlMedian:F0}/s, hub/curl {hubMedian / curlMedian:F2}"));
}
return 0;

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
