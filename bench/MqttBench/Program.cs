using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Bench.Mqtt;
using TelemetryGateway.Mqtt.Broker;
using TelemetryGateway.Mqtt.Packets;

// mqtt-bench: flood throughput of the embedded broker against mosquitto, measured in one run.
//   mqtt-bench [--messages=100000] [--rounds=3] [--payload=100]
//   mqtt-bench broker --port=N        (internal: our broker as its own process)
var settings = args.Where(a => a.StartsWith("--", StringComparison.Ordinal))
    .Select(a => a[2..].Split('=', 2))
    .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "true", StringComparer.Ordinal);
int Setting(string name, int fallback) =>
    settings.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

if (args.Length > 0 && args[0] == "broker")
{
    await RunOurBrokerAsync(Setting("port", 0));
    return 0;
}

var messages = Setting("messages", 100_000);
var rounds = Setting("rounds", 3);
var payloadSize = Setting("payload", 100);
var work = Directory.CreateTempSubdirectory("mqtt-bench-");
try
{
    var lines = Path.Combine(work.FullName, "flood.txt");
    await WriteFloodAsync(lines, messages, payloadSize);
    await using var mosquitto = await BrokerProcess.StartMosquittoAsync(work.FullName);
    await using var ours = await BrokerProcess.StartOursAsync();
    var results = new List<(string Broker, int Qos, double Rate, int Received)>();
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var qos in new[] { MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtLeastOnce })
        {
            foreach (var broker in new[] { mosquitto, ours })
            {
                var (rate, received) = await FloodAsync(broker.Port, lines, messages, qos);
                results.Add((broker.Name, (int)qos, rate, received));
                Console.Error.WriteLine($"round {round} {broker.Name} qos{(int)qos} codec-sub: {rate:F0} msg/s ({received}/{messages})");
                (rate, received) = await FloodToMosquittoSubAsync(broker.Port, lines, messages, qos);
                results.Add((broker.Name + "+mosquitto_sub", (int)qos, rate, received));
                Console.Error.WriteLine($"round {round} {broker.Name} qos{(int)qos} mosquitto_sub: {rate:F0} msg/s ({received}/{messages})");
            }
        }
    }

    Console.WriteLine($"mosquitto_pub -l flood ({messages} messages of {payloadSize} bytes) -> broker -> subscriber, {rounds} rounds");
    Console.WriteLine();
    Console.WriteLine("| subscriber | QoS | mosquitto msg/s (median) | ours msg/s (median) | ours / mosquitto | delivered by ours (worst round) |");
    Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
    foreach (var (label, suffix) in new[] { ("codec subscriber", ""), ("mosquitto_sub", "+mosquitto_sub") })
    {
        foreach (var qos in new[] { 0, 1 })
        {
            var theirs = Median(results.Where(r => r.Broker == "mosquitto" + suffix && r.Qos == qos).Select(r => r.Rate));
            var our = Median(results.Where(r => r.Broker == "ours" + suffix && r.Qos == qos).Select(r => r.Rate));
            var delivered = results.Where(r => r.Broker == "ours" + suffix && r.Qos == qos).Min(r => r.Received);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {qos} | {theirs:F0} | {our:F0} | {our / theirs:F2} | {delivered}/{messages} |"));
        }
    }

    return 0;
}
finally
{
    work.Delete(recursive: true);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN
        : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static async Task WriteFloodAsync(string path, int count, int payloadSize)
{
    await using var writer = new StreamWriter(path);
    for (var i = 0; i < count; i++)
    {
        // A vitals-like line padded to the payload size.
        var line = string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{i},\"hr\":88,\"spo2\":97}}");
        await writer.WriteLineAsync(line.PadRight(payloadSize, ' '));
    }
}

/// <summary>One flood: subscribe, start mosquitto_pub -l on the file, time until the last message arrives.</summary>
static async Task<(double Rate, int Received)> FloodAsync(int port, string lines, int count, MqttQualityOfService qos)
{
    await using var subscriber = await BenchSubscriber.SubscribeAsync(port, "bench/flood", qos);
    var started = Stopwatch.GetTimestamp();
    using var publisher = Process.Start(new ProcessStartInfo("/bin/sh",
        ["-c", $"exec /usr/bin/mosquitto_pub -h 127.0.0.1 -p {port} -t bench/flood -q {(int)qos} -l < '{lines}'"])
    {
        RedirectStandardError = true,
    })!;
    var (received, last) = await subscriber.ReceiveAsync(count, TimeSpan.FromSeconds(5));
    await publisher.WaitForExitAsync();
    if (publisher.ExitCode != 0)
    {
        throw new InvalidOperationException($"mosquitto_pub exited {publisher.ExitCode}: {await publisher.StandardError.ReadToEndAsync()}");
    }

    var seconds = Stopwatch.GetElapsedTime(started, last == 0 ? started : last).TotalSeconds;
    return (seconds > 0 ? received / seconds : 0, received);
}

/// <summary>
/// The same flood to mosquitto_sub. A retained marker published first is the sync point: its
/// arrival proves the subscription is in place before the flood starts.
/// </summary>
static async Task<(double Rate, int Received)> FloodToMosquittoSubAsync(int port, string lines, int count, MqttQualityOfService qos)
{
    using (var marker = Process.Start("/usr/bin/mosquitto_pub", ["-h", "127.0.0.1", "-p", $"{port}", "-t", "bench/ready", "-m", "ready", "-r", "-q", "1"]))
    {
        await marker.WaitForExitAsync();
    }

    using var subscriber = Process.Start(new ProcessStartInfo("/usr/bin/stdbuf",
        ["-oL", "/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", $"{port}", "-t", "bench/#", "-q", $"{(int)qos}", "-C", $"{count + 1}"])
    {
        RedirectStandardOutput = true,
    })!;
    try
    {
        var first = await subscriber.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        if (first != "ready")
        {
            throw new InvalidOperationException($"mosquitto_sub printed '{first}' before the marker");
        }

        var started = Stopwatch.GetTimestamp();
        using var publisher = Process.Start("/bin/sh",
            ["-c", $"exec /usr/bin/mosquitto_pub -h 127.0.0.1 -p {port} -t bench/flood -q {(int)qos} -l < '{lines}'"]);
        var received = 0;
        long last = 0;
        while (received < count)
        {
            string? line;
            try
            {
                line = await subscriber.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                break;
            }

            if (line is null)
            {
                break;
            }

            received++;
            last = Stopwatch.GetTimestamp();
        }

        await publisher.WaitForExitAsync();
        var seconds = Stopwatch.GetElapsedTime(started, last == 0 ? started : last).TotalSeconds;
        return (seconds > 0 ? received / seconds : 0, received);
    }
    finally
    {
        if (!subscriber.HasExited)
        {
            subscriber.Kill();
        }

        await subscriber.WaitForExitAsync();
    }
}

static async Task RunOurBrokerAsync(int port)
{
    var options = new MqttBrokerOptions
    {
        Listen = [$"127.0.0.1:{port}"],
        AllowAnonymous = true,
        MaximumInFlight = 100,
        MaximumQueuedMessages = 1_000_000,
        OutboundQueueCapacity = 1_000_000,
    };
    await using var broker = new MqttBroker(options, NullLogger<MqttBroker>.Instance);
    await broker.StartAsync();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {broker.Endpoints[0].Port}"));
    // Runs until the parent closes stdin.
    await Console.In.ReadToEndAsync();
}

/// <summary>A broker in its own process: mosquitto, or ours (this program in broker mode).</summary>
internal sealed class BrokerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BrokerProcess(string name, Process process, int port)
    {
        Name = name;
        _process = process;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public static async Task<BrokerProcess> StartMosquittoAsync(string directory)
    {
        var port = FreePort();
        var config = Path.Combine(directory, "mosquitto.conf");
        // Same limits as ours: 100 in flight, a large queue, anonymous.
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture,
            $"listener {port} 127.0.0.1\nallow_anonymous true\nmax_inflight_messages 100\nmax_queued_messages 1000000\npersistence false\nlog_type error\n"));
        var process = Process.Start(new ProcessStartInfo("/usr/sbin/mosquitto", ["-c", config]) { RedirectStandardError = true })!;
        await WaitForPortAsync(port);
        return new BrokerProcess("mosquitto", process, port);
    }

    public static async Task<BrokerProcess> StartOursAsync()
    {
        var port = FreePort();
        var self = Environment.ProcessPath!;
        var start = self.EndsWith("dotnet", StringComparison.Ordinal)
            ? new ProcessStartInfo(self, [typeof(BrokerProcess).Assembly.Location, "broker", $"--port={port}"])
            : new ProcessStartInfo(self, ["broker", $"--port={port}"]);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        var process = Process.Start(start)!;
        var ready = await process.StandardOutput.ReadLineAsync();
        if (ready is null || !ready.StartsWith("ready", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("our broker process did not start");
        }

        return new BrokerProcess("ours", process, port);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            if (_process.StartInfo.RedirectStandardInput)
            {
                _process.StandardInput.Close();
            }
            else
            {
                _process.Kill();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"mosquitto did not listen on {port}");
    }
}
