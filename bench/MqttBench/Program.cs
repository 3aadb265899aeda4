using System.Globalization;
using TelemetryGateway.Bench.Mqtt;
using TelemetryGateway.Mqtt.Packets;

// mqtt-bench: flood throughput of the embedded broker against mosquitto, measured in one run.
//   mqtt-bench [--messages=100000] [--rounds=3] [--payload=100]
// (a) mosquitto_pub flood -> mosquitto | our broker -> codec subscriber | mosquitto_sub
// (b) mosquitto_pub flood -> mosquitto -> our client (src/Mqtt/Client), against mosquitto_sub
// (c) publish -> durable in the gateway buffer at --rate=500 msg/s (p50/p99/max per run, median over
//     --latency-rounds=5 runs of --latency-messages=5000), via the embedded broker and via mosquitto + client
//   mqtt-bench --only=latency   skips (a) and (b); --only=client runs (b) and its mosquitto_sub baseline alone
//   (--client-latency-only: (c) via the client alone; --qos0, --skip-baseline, --skip-client narrow --only=client;
//   --mosquitto-nodelay=false runs mosquitto with Nagle's algorithm, its default)
//   mqtt-bench broker --port=N        (internal: our broker as its own process)
var settings = args.Where(a => a.StartsWith("--", StringComparison.Ordinal))
    .Select(a => a[2..].Split('=', 2))
    .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "true", StringComparer.Ordinal);
int Setting(string name, int fallback) =>
    settings.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

if (args.Length > 0 && args[0] == "broker")
{
    await OurBrokerHost.RunAsync(Setting("port", 0));
    return 0;
}

var messages = Setting("messages", 100_000);
var rounds = Setting("rounds", 3);
var payloadSize = Setting("payload", 100);
var work = Directory.CreateTempSubdirectory("mqtt-bench-");
try
{
    var lines = Path.Combine(work.FullName, "flood.txt");
    await Floods.WriteFloodAsync(lines, messages, payloadSize);
    // --mosquitto-nodelay=false: mosquitto with its default, Nagle's algorithm on.
    await using var mosquitto = await BrokerProcess.StartMosquittoAsync(work.FullName, settings.GetValueOrDefault("mosquitto-nodelay") != "false");
    await using var ours = await BrokerProcess.StartOursAsync();
    var results = new List<(string Broker, int Qos, double Rate, int Received)>();
    var cpus = new List<(string Subscriber, int Qos, FloodCpu Cpu)>();
    var only = settings.GetValueOrDefault("only");
    for (var round = 1; round <= (only == "latency" ? 0 : rounds); round++)
    {
        foreach (var qos in settings.ContainsKey("qos0") ? [MqttQualityOfService.AtMostOnce] : new[] { MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtLeastOnce })
        {
            foreach (var broker in only == "client" ? [] : new[] { mosquitto, ours })
            {
                var (rate, received) = await Floods.FloodAsync(broker.Port, lines, messages, qos);
                results.Add((broker.Name, (int)qos, rate, received));
                Console.Error.WriteLine($"round {round} {broker.Name} qos{(int)qos} codec-sub: {rate:F0} msg/s ({received}/{messages})");
                (rate, received, _) = await Floods.FloodToMosquittoSubAsync(broker, lines, messages, qos);
                results.Add((broker.Name + "+mosquitto_sub", (int)qos, rate, received));
                Console.Error.WriteLine($"round {round} {broker.Name} qos{(int)qos} mosquitto_sub: {rate:F0} msg/s ({received}/{messages})");
            }

            // (b) mosquitto -> our client, against mosquitto -> mosquitto_sub above.
            if (only == "client" && !settings.ContainsKey("skip-baseline"))
            {
                // --only=client: mosquitto_sub then our client, nothing else (for profiling the client).
                var (subRate, subReceived, subCpu) = await Floods.FloodToMosquittoSubAsync(mosquitto, lines, messages, qos);
                results.Add(("mosquitto+mosquitto_sub", (int)qos, subRate, subReceived));
                cpus.Add(("mosquitto_sub", (int)qos, subCpu));
                Console.Error.WriteLine($"round {round} mosquitto qos{(int)qos} mosquitto_sub: {subRate:F0} msg/s ({subReceived}/{messages}); {subCpu.PerMessage(messages)}");
            }

            if (settings.ContainsKey("skip-client"))
            {
                continue;
            }

            var (clientRate, clientReceived, clientCpu) = await ClientFlood.RunAsync(mosquitto, lines, messages, qos);
            results.Add(("mosquitto+client", (int)qos, clientRate, clientReceived));
            cpus.Add(("our client", (int)qos, clientCpu));
            Console.Error.WriteLine($"round {round} mosquitto qos{(int)qos} our client: {clientRate:F0} msg/s ({clientReceived}/{messages}); {clientCpu.PerMessage(messages)}");
        }
    }

    if (only == "latency")
    {
        await DurableLatencyReport(mosquitto.Port, work.FullName);
        return 0;
    }

    if (only != "client")
    {
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

    }

    Console.WriteLine();
    Console.WriteLine("| mosquitto -> | QoS | mosquitto_sub msg/s (median) | our client msg/s (median) | client / mosquitto_sub | delivered to our client (worst round) |");
    Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
    foreach (var qos in results.Select(r => r.Qos).Distinct())
    {
        var sub = Median(results.Where(r => r.Broker == "mosquitto+mosquitto_sub" && r.Qos == qos).Select(r => r.Rate));
        var client = Median(results.Where(r => r.Broker == "mosquitto+client" && r.Qos == qos).Select(r => r.Rate));
        var delivered = results.Where(r => r.Broker == "mosquitto+client" && r.Qos == qos).Min(r => r.Received);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| client | {qos} | {sub:F0} | {client:F0} | {client / sub:F2} | {delivered}/{messages} |"));
    }

    if (only == "client")
    {
        // Where the CPU went: a subscriber that costs more per message also makes the broker work harder (it is woken
        // more often, or must queue when the subscriber's socket is full), and on two cores all of it competes.
        Console.WriteLine();
        Console.WriteLine("| subscriber | QoS | CPU µs per message (medians): mosquitto_pub | broker | subscriber | bench reading mosquitto_sub's output |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var group in cpus.GroupBy(c => (c.Subscriber, c.Qos)))
        {
            double Us(Func<FloodCpu, TimeSpan> part) => Median(group.Select(c => part(c.Cpu).TotalMicroseconds / messages));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key.Subscriber} | {group.Key.Qos} | {Us(c => c.Publisher):F2} | {Us(c => c.Broker):F2} | {Us(c => c.Subscriber):F2} | {Us(c => c.Bench):F2} |"));
        }

        return 0;
    }

    await DurableLatencyReport(mosquitto.Port, work.FullName);
    return 0;
}
finally
{
    work.Delete(recursive: true);
}

async Task DurableLatencyReport(int mosquittoPort, string directory)
{
    var rate = Setting("rate", 500);
    var count = Setting("latency-messages", 5000);
    var latencyRounds = Setting("latency-rounds", 5);
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"publish (QoS 1) -> durable in the gateway buffer, {rate} msg/s, {count} messages per run, {latencyRounds} runs (median of the runs; max = worst run)"));
    Console.WriteLine();
    Console.WriteLine("| path | p50 ms | p99 ms | max ms | p99 of each run |");
    Console.WriteLine("| --- | --- | --- | --- | --- |");
    // Serial (one commit per message, as before MaximumConcurrentIngest) and pipelined, alternating run by run so
    // that both see the same machine load.
    foreach (var mode in settings.ContainsKey("client-latency-only") ? ["client"] : new[] { "embedded", "client" })
    {
        var runs = new Dictionary<int, List<(double P50, double P99, double Max)>> { [1] = [], [64] = [] };
        await DurableLatency.RunAsync(mode, mosquittoPort, rate, Math.Min(count, 1000), directory); // warm-up (JIT, SQLite), not counted
        for (var run = 1; run <= latencyRounds; run++)
        {
            foreach (var concurrent in runs.Keys)
            {
                var latencies = await DurableLatency.RunAsync(mode, mosquittoPort, rate, count, directory, concurrent);
                Array.Sort(latencies);
                var p = (Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies[^1]);
                runs[concurrent].Add(p);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency {mode} ingest={concurrent} run {run}: p50 {p.Item1:F2} ms, p99 {p.Item2:F2} ms, max {p.Item3:F2} ms"));
            }
        }
        var label = mode == "embedded" ? "monitor -> embedded broker -> buffer" : "monitor -> mosquitto -> gateway client -> buffer";
        foreach (var (concurrent, list) in runs)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label}, MaximumConcurrentIngest={concurrent} | {Median(list.Select(r => r.P50)):F2} | {Median(list.Select(r => r.P99)):F2} | {list.Max(r => r.Max):F2} | {string.Join(", ", list.Select(r => r.P99.ToString("F1", CultureInfo.InvariantCulture)))} |"));
        }
    }
}

static double Percentile(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN
        : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}


