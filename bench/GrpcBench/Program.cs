using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Testing;
using TelemetryGateway.Bench.Grpc;
using TelemetryGateway.Grpc;
using TelemetryGateway.Grpc.Client;
using TelemetryGateway.GrpcInterop;

// grpc-bench: messages/s on one bidirectional stream and unary latency, for
//   ours → ours, grpcio → ours, and grpcio → grpcio (the baseline), each server in its own process.
// Usage: grpc-bench [--seconds=5] [--rounds=3] [--tg=PATH/tg.dll] [--peer=PATH/interop_peer.py]
var flags = args.Select(a => a.TrimStart('-').Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "true");
var seconds = double.Parse(flags.GetValueOrDefault("seconds", "5"), CultureInfo.InvariantCulture);
var rounds = int.Parse(flags.GetValueOrDefault("rounds", "3"), CultureInfo.InvariantCulture);
OurClient.Window = int.Parse(flags.GetValueOrDefault("window", "64"), CultureInfo.InvariantCulture);
if (flags.ContainsKey("only-unary"))
{
    var tgPath = flags.GetValueOrDefault("tg", Path.Combine(Paths.FindRepositoryRoot(), "src/Cli/bin/Release/net10.0/tg.dll"));
    await using var server = await ServerProcess.StartAsync("dotnet", [tgPath, "interop-server", "--port=0"]);
    Console.WriteLine(await OurClient.UnaryAsync("ours→ours", server.Port, seconds));
    Console.WriteLine($"gen0 collections {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}");
    return 0;
}
if (flags.ContainsKey("inproc"))
{
    await using var host = await InteropServerHost.StartAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), null);
    Console.WriteLine(await OurClient.StreamAsync("inproc", host.Port, seconds));
    Console.WriteLine(await OurClient.FloodAsync("inproc", host.Port, seconds));
    return 0;
}
if (flags.ContainsKey("only-ours"))
{
    var tgPath = flags.GetValueOrDefault("tg", Path.Combine(Paths.FindRepositoryRoot(), "src/Cli/bin/Release/net10.0/tg.dll"));
    await using var server = await ServerProcess.StartAsync("dotnet", [tgPath, "interop-server", "--port=0"]);
    Console.WriteLine(await OurClient.StreamAsync("ours→ours", server.Port, seconds));
    Console.WriteLine(await OurClient.FloodAsync("ours→ours", server.Port, seconds));
    Console.WriteLine(await OurClient.OneWayAsync(server.Port));
    return 0;
}
var repo = Paths.FindRepositoryRoot();
var tg = flags.GetValueOrDefault("tg", Path.Combine(repo, "src/Cli/bin/Release/net10.0/tg.dll"));
var peer = flags.GetValueOrDefault("peer", Path.Combine(repo, "tests/Grpc.Tests/Peer/interop_peer.py"));
if (!File.Exists(tg))
{
    Console.Error.WriteLine($"grpc-bench: {tg} not found; build it first: dotnet build src/Cli -c Release");
    return 2;
}

var results = new List<BenchResult>();
for (var round = 1; round <= rounds; round++)
{
    Console.Error.WriteLine($"round {round}/{rounds}");
    await using (var ours = await ServerProcess.StartAsync("dotnet", [tg, "interop-server", "--port=0"]))
    {
        results.Add(await OurClient.FloodAsync("ours→ours", ours.Port, seconds));
        results.Add(await OurClient.StreamAsync("ours→ours", ours.Port, seconds));
        results.Add(await OurClient.UnaryAsync("ours→ours", ours.Port, seconds));
        results.Add(await PythonClient.RunAsync(peer, "grpcio→ours", ours.Port, "flood", seconds));
        results.Add(await PythonClient.RunAsync(peer, "grpcio→ours", ours.Port, "stream", seconds));
        results.Add(await PythonClient.RunAsync(peer, "grpcio→ours", ours.Port, "unary", seconds));
    }
    await using (var grpcio = await ServerProcess.StartAsync("/usr/bin/python3", [peer, "server", "--port=0"]))
    {
        results.Add(await OurClient.FloodAsync("ours→grpcio", grpcio.Port, seconds));
        results.Add(await OurClient.StreamAsync("ours→grpcio", grpcio.Port, seconds));
        results.Add(await PythonClient.RunAsync(peer, "grpcio→grpcio", grpcio.Port, "flood", seconds));
        results.Add(await PythonClient.RunAsync(peer, "grpcio→grpcio", grpcio.Port, "stream", seconds));
        results.Add(await PythonClient.RunAsync(peer, "grpcio→grpcio", grpcio.Port, "unary", seconds));
    }
}

Console.WriteLine("| path | mode | messages or calls/s (median) | unary p50 µs | unary p99 µs | rounds |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
foreach (var group in results.GroupBy(r => (r.Path, r.Mode)))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {group.Key.Path} | {group.Key.Mode} | {Median(group.Select(r => r.PerSecond)):F0} | {Median(group.Select(r => r.P50Us)):F0} | {Median(group.Select(r => r.P99Us)):F0} | {group.Count()} |"));
}
double Baseline(string mode) => Median(results.Where(r => r.Path == "grpcio→grpcio" && r.Mode == mode).Select(r => r.PerSecond));
foreach (var mode in new[] { "flood", "stream", "unary" })
{
    foreach (var path in new[] { "ours→ours", "grpcio→ours" })
    {
        var ours = Median(results.Where(r => r.Path == path && r.Mode == mode).Select(r => r.PerSecond));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {mode} {path} / grpcio→grpcio: {ours / Baseline(mode):F2}"));
    }
}
return 0;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
    return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

namespace TelemetryGateway.Bench.Grpc
{
    public sealed record BenchResult(string Path, string Mode, double PerSecond, double P50Us, double P99Us);

    internal static class OurClient
    {
        private const int Payload = 16;
        public static int Window { get; set; } = 64;

        /// <summary>Same workload as interop_peer.py bench-client --mode=stream: FullDuplexCall, 64 in flight.</summary>
        public static async Task<BenchResult> StreamAsync(string path, int port, double seconds)
        {
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
            var client = new TestServiceClient(channel);
            var request = new StreamingOutputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[Payload]) } };
            request.ResponseParameters.Add(new ResponseParameters { Size = Payload });
            using var call = client.FullDuplexCall();
            using var window = new SemaphoreSlim(Window);
            long received = 0;
            var reader = Task.Run(async () =>
            {
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                    received++;
                    window.Release();
                }
            });
            var clock = Stopwatch.StartNew();
            var end = TimeSpan.FromSeconds(seconds);
            while (clock.Elapsed < end)
            {
                await window.WaitAsync();
                await call.RequestStream.WriteAsync(request);
            }
            await call.RequestStream.CompleteAsync();
            await reader;
            return new BenchResult(path, "stream", received / clock.Elapsed.TotalSeconds, double.NaN, double.NaN);
        }

        /// <summary>
        /// One FullDuplexCall: the client writes small requests as fast as flow control allows while it reads
        /// the server's one-per-request responses; messages/s counts responses.
        /// </summary>
        public static async Task<BenchResult> FloodAsync(string path, int port, double seconds)
        {
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
            var client = new TestServiceClient(channel);
            var request = new StreamingOutputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[Payload]) } };
            request.ResponseParameters.Add(new ResponseParameters { Size = Payload });
            using var call = client.FullDuplexCall();
            long received = 0;
            var reader = Task.Run(async () =>
            {
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                    received++;
                }
            });
            var clock = Stopwatch.StartNew();
            var end = TimeSpan.FromSeconds(seconds);
            long sent = 0;
            while (clock.Elapsed < end)
            {
                await call.RequestStream.WriteAsync(request);
                sent++;
            }
            await call.RequestStream.CompleteAsync();
            await reader;
            var elapsed = clock.Elapsed.TotalSeconds;
            return received == sent
                ? new BenchResult(path, "flood", received / elapsed, double.NaN, double.NaN)
                : throw new InvalidOperationException($"sent {sent} but received {received}");
        }

        /// <summary>Each direction alone: 50,000 small messages server→client, then client→server.</summary>
        public static async Task<string> OneWayAsync(int port)
        {
            const int count = 50_000;
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
            var client = new TestServiceClient(channel);
            var request = new StreamingOutputCallRequest();
            for (var i = 0; i < count; i++)
            {
                request.ResponseParameters.Add(new ResponseParameters { Size = Payload });
            }
            var clock = Stopwatch.StartNew();
            using (var call = client.StreamingOutputCall(request))
            {
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            }
            var down = count / clock.Elapsed.TotalSeconds;
            clock.Restart();
            using (var call = client.StreamingInputCall())
            {
                var message = new StreamingInputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[Payload]) } };
                for (var i = 0; i < count; i++)
                {
                    await call.RequestStream.WriteAsync(message);
                }
                await call.RequestStream.CompleteAsync();
                await call.ResponseAsync;
            }
            var up = count / clock.Elapsed.TotalSeconds;
            return string.Create(CultureInfo.InvariantCulture, $"server→client {down:F0}/s, client→server {up:F0}/s");
        }

        /// <summary>Same workload as bench-client --mode=unary --concurrency=1: one call at a time.</summary>
        public static async Task<BenchResult> UnaryAsync(string path, int port, double seconds)
        {
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
            var client = new TestServiceClient(channel);
            var request = new SimpleRequest { ResponseSize = Payload, Payload = new Payload { Body = ByteString.CopyFrom(new byte[Payload]) } };
            for (var i = 0; i < 200; i++)
            {
                await client.UnaryCall(request); // warm up JIT and the connection
            }
            var latencies = new List<double>();
            var clock = Stopwatch.StartNew();
            var end = TimeSpan.FromSeconds(seconds);
            while (clock.Elapsed < end)
            {
                var start = Stopwatch.GetTimestamp();
                await client.UnaryCall(request);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }
            latencies.Sort();
            return new BenchResult(path, "unary", latencies.Count / clock.Elapsed.TotalSeconds,
                latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)]);
        }
    }

    internal static class PythonClient
    {
        public static async Task<BenchResult> RunAsync(string peer, string path, int port, string mode, double seconds)
        {
            var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { peer, "bench-client", "--server_host=127.0.0.1", $"--server_port={port}", $"--mode={mode}",
                         string.Create(CultureInfo.InvariantCulture, $"--seconds={seconds}"), "--concurrency=1" })
            {
                info.ArgumentList.Add(arg);
            }
            using var process = Process.Start(info)!;
            var stdout = await process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"bench-client failed: {stderr}");
            }
            using var json = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            var root = json.RootElement;
            double Number(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;
            return mode == "unary"
                ? new BenchResult(path, mode, Number("calls_per_s"), Number("p50_us"), Number("p99_us"))
                : new BenchResult(path, mode, Number("messages_per_s"), double.NaN, double.NaN);
        }
    }

    internal sealed class ServerProcess : IAsyncDisposable
    {
        private readonly Process _process;

        private ServerProcess(Process process, int port)
        {
            _process = process;
            Port = port;
        }

        public int Port { get; }

        public static async Task<ServerProcess> StartAsync(string file, string[] arguments)
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardInput = true };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }
            var process = Process.Start(info)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("LISTENING ", StringComparison.Ordinal))
                {
                    return new ServerProcess(process, int.Parse(line[10..], CultureInfo.InvariantCulture));
                }
            }
            throw new InvalidOperationException($"{file} exited before listening");
        }

        public async ValueTask DisposeAsync()
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }

    internal static class Paths
    {
        public static string FindRepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "TelemetryGateway.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("Run grpc-bench from inside the repository.");
        }
    }
}
