using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TelemetryGateway.Bench.Spine;
using TelemetryGateway.Hub;

// spine-bench: the edge-to-hub spine with durability on, as separate `tg hub` and `tg gateway` processes on
// loopback, measured from outside through the hub's HTTP API and /proc.
// Usage: spine-bench [--count=300000] [--devices=4] [--backlog=1000000] [--live-streams=10] [--only=drain|sustained] [--tg=PATH/tg.dll]
//                    [--gateway-env=NAME=VALUE] (an environment variable for the gateway processes only, as deploy/ sets it)
var flags = args.Select(a => a.TrimStart('-').Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "true");
var count = int.Parse(flags.GetValueOrDefault("count", "300000"), CultureInfo.InvariantCulture);
var backlog = int.Parse(flags.GetValueOrDefault("backlog", "1000000"), CultureInfo.InvariantCulture);
var liveStreams = int.Parse(flags.GetValueOrDefault("live-streams", "10"), CultureInfo.InvariantCulture);
var only = flags.GetValueOrDefault("only", "");
// A gateway serves several devices at once; each generator source is one device accepting burst after burst.
var devices = int.Parse(flags.GetValueOrDefault("devices", "4"), CultureInfo.InvariantCulture);
var tg = flags.GetValueOrDefault("tg", Path.Combine(Tg.RepositoryRoot(), "src/Cli/bin/Release/net10.0/tg.dll"));
var root = Directory.CreateTempSubdirectory("tg-spine-bench-").FullName;
Tg.GatewayEnvironment = flags.TryGetValue("gateway-env", out var gatewayEnv) ? gatewayEnv.Split('=', 2) is [var name, var value] ? (name, value) : null : null;
const string secret = "bench-secret";
var hash = SecretHasher.Hash(secret);

await using var hub = await Tg.StartHubAsync(tg, root, hash);
Console.WriteLine($"hub: {hub.Http}");

if (only != "drain")
{
    // 1. Sustained rate: generators (one per device) as fast as the gateway accepts, until the hub holds everything.
    var perDevice = count / devices;
    var total = perDevice * devices;
    var generators = Enumerable.Range(1, devices).Select(i => $"gen:device=rate-{i},count={perDevice},rate=0").ToArray();
    var sustained = await Tg.RunGatewayAsync(tg, hub, root, "gw-rate", secret, generators,
        until: async http => await http.StoredAsync("rate") >= total);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"sustained: {total} readings from {devices} devices, steady state (20 %→90 % stored) {sustained.SteadyRate(total):F0} readings/s; whole run from gateway start {total / sustained.Elapsed.TotalSeconds:F0} readings/s in {sustained.Elapsed.TotalSeconds:F1} s (accept → buffer → uplink → hub → store); gateway peak RSS {sustained.PeakRssMb:F0} MB"));
    if (only == "sustained")
    {
        Directory.Delete(root, recursive: true);
        return 0;
    }

    // 2. Latency at 1,000 readings/s: gateway accept (received) → hub commit (stored), from the stored readings.
    const int latencyCount = 20_000;
    var paced = await Tg.RunGatewayAsync(tg, hub, root, "gw-latency", secret, [$"gen:device=lat-1,count={latencyCount},rate=1000,priority=live"],
        until: async http => await http.StoredAsync("lat-1") >= latencyCount);
    var latencies = await hub.LatenciesMsAsync("lat-1", latencyCount);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"at 1,000/s: accept→commit p50 {Percentile(latencies, 50):F1} ms, p99 {Percentile(latencies, 99):F1} ms, max {latencies[^1]:F1} ms ({latencies.Count} readings); gateway peak RSS {paced.PeakRssMb:F0} MB"));
}

// 3. A backlog draining at full speed while 1 Hz live streams (one per monitor; several, so that the
// percentiles rest on more than a handful of samples) must stay prompt.
var sources = new List<string> { $"gen:device=backlog-1,count={backlog},rate=0,priority=bulk" };
sources.AddRange(Enumerable.Range(1, liveStreams).Select(i => $"gen:device=live-{i},count=100000,rate=1,priority=live"));
var drain = await Tg.RunGatewayAsync(tg, hub, root, "gw-drain", secret, [.. sources],
    until: async http => await http.StoredAsync("backlog-1") >= backlog);
var live = new List<double>();
for (var i = 1; i <= liveStreams; i++)
{
    live.AddRange(await hub.LatenciesMsAsync($"live-{i}", 100_000));
}
live.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"backlog: {backlog} readings drained in {drain.Elapsed.TotalSeconds:F1} s = {backlog / drain.Elapsed.TotalSeconds:F0} readings/s (steady state {drain.SteadyRate(backlog):F0}/s); {liveStreams} live 1 Hz streams meanwhile: p50 {Percentile(live, 50):F1} ms, p99 {Percentile(live, 99):F1} ms, max {live[^1]:F1} ms ({live.Count} readings); gateway peak RSS {drain.PeakRssMb:F0} MB"));

Directory.Delete(root, recursive: true);
return 0;

static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p / 100))];

namespace TelemetryGateway.Bench.Spine
{
    internal sealed record GatewayRun(TimeSpan Elapsed, double PeakRssMb, IReadOnlyList<(TimeSpan At, long Stored)> Progress)
    {
        /// <summary>Readings/s while the stored count went from <paramref name="from"/> to <paramref name="to"/> of
        /// <paramref name="total"/>: the steady state, without process start-up and JIT warm-up at the front.</summary>
        public double SteadyRate(long total, double from = 0.2, double to = 0.9)
        {
            var start = Progress.First(p => p.Stored >= total * from);
            var end = Progress.First(p => p.Stored >= total * to);
            return (end.Stored - start.Stored) / (end.At - start.At).TotalSeconds;
        }
    }

    internal sealed class HubProcess(Process process, Uri http, Uri grpc) : IAsyncDisposable
    {
        // The hub's API needs a caller (src/Hub/Auth): the bench is the administrator through a bootstrap token.
        internal static readonly string Token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        private static readonly HttpClient Client = new() { DefaultRequestHeaders = { Authorization = new("Bearer", Token) } };

        public Uri Http { get; } = http;
        public Uri Grpc { get; } = grpc;

        public async Task<List<double>> LatenciesMsAsync(string device, int limit)
        {
            using var json = JsonDocument.Parse(await Client.GetStringAsync(new Uri(Http, $"/api/readings?device={device}&limit={Math.Min(limit, 100_000)}")));
            var result = new List<double>();
            foreach (var reading in json.RootElement.GetProperty("readings").EnumerateArray())
            {
                var received = reading.GetProperty("received").GetDateTimeOffset();
                var stored = reading.GetProperty("stored").GetDateTimeOffset();
                result.Add((stored - received).TotalMilliseconds);
            }
            result.Sort();
            return result;
        }

        public static long StoredTotal(string metrics)
        {
            foreach (var line in metrics.Split('\n'))
            {
                if (line.StartsWith("hub_readings_stored_total ", StringComparison.Ordinal))
                {
                    return (long)double.Parse(line[26..], CultureInfo.InvariantCulture);
                }
            }
            throw new InvalidOperationException("hub_readings_stored_total missing from /metrics");
        }

        public async Task<long> StoredTotalAsync() => StoredTotal(await Client.GetStringAsync(new Uri(Http, "/metrics")));

        public async ValueTask DisposeAsync()
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    internal static class Tg
    {
        public static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "TelemetryGateway.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("run spine-bench from inside the repository");
        }

        public static async Task<HubProcess> StartHubAsync(string tg, string root, string hash)
        {
            var process = Start(tg, ["hub", "--data", Path.Combine(root, "hub"), "--grpc", "http://127.0.0.1:0", "--http", "http://127.0.0.1:0",
                "--Hub:Gateways:gw-rate:Secret=" + hash, "--Hub:Gateways:gw-latency:Secret=" + hash, "--Hub:Gateways:gw-drain:Secret=" + hash,
                "--Hub:Auth:BootstrapToken=" + HubProcess.Token, "--Logging:LogLevel:Default=Warning"]);
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                // "hub: gRPC ingest on http://127.0.0.1:N/, HTTP on http://127.0.0.1:M/ (…)"
                if (line.StartsWith("hub: gRPC ingest on ", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ');
                    return new HubProcess(process, new Uri(parts[7].TrimEnd(',', ' ')), new Uri(parts[4].TrimEnd(',')));
                }
            }
            throw new InvalidOperationException("tg hub exited: " + await process.StandardError.ReadToEndAsync());
        }

        public static async Task<GatewayRun> RunGatewayAsync(string tg, HubProcess hub, string root, string id, string secret, string[] sources, Func<Counter, Task<bool>> until)
        {
            var baseline = await hub.StoredTotalAsync();
            var arguments = new List<string> { "gateway", "--id", id, "--secret", secret, "--data", Path.Combine(root, id), "--hub", hub.Grpc.ToString(),
                "--http", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning" };
            foreach (var source in sources)
            {
                arguments.Add("--source");
                arguments.Add(source);
            }
            using var process = Start(tg, arguments, GatewayEnvironment);
            var counter = new Counter(hub, baseline);
            var clock = Stopwatch.StartNew();
            double peakRss = 0;
            while (!await until(counter))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"tg gateway {id} exited: {await process.StandardError.ReadToEndAsync()}");
                }
                peakRss = Math.Max(peakRss, RssMb(process.Id));
                await Task.Delay(50);
            }
            var elapsed = clock.Elapsed;
            peakRss = Math.Max(peakRss, PeakRssMb(process.Id));
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new GatewayRun(elapsed, peakRss, counter.Progress);
        }

        private static double RssMb(int pid) => StatusField(pid, "VmRSS:");

        private static double PeakRssMb(int pid) => StatusField(pid, "VmHWM:");

        private static double StatusField(int pid, string field)
        {
            try
            {
                var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
                return line is null ? 0 : double.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
            }
            catch (IOException)
            {
                return 0;
            }
        }

        /// <summary>An environment variable the gateway processes get (not the hub).</summary>
        public static (string Name, string Value)? GatewayEnvironment { get; set; }

        private static Process Start(string tg, IEnumerable<string> arguments, (string Name, string Value)? environment = null)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            if (environment is { } variable)
            {
                info.Environment[variable.Name] = variable.Value;
            }
            info.ArgumentList.Add(tg);
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }
            return Process.Start(info)!;
        }
    }

    /// <summary>Readings stored at the hub since this gateway started (the hub's stored counter minus its value then).</summary>
    internal sealed class Counter(HubProcess hub, long baseline)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        /// <summary>Every count read, with the time since the gateway started.</summary>
        public List<(TimeSpan At, long Stored)> Progress { get; } = [];

        public async Task<long> StoredAsync(string device)
        {
            var stored = await hub.StoredTotalAsync() - baseline;
            Progress.Add((_clock.Elapsed, stored));
            return stored;
        }
    }
}
