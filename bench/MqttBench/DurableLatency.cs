using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Core;
using TelemetryGateway.Gateway;
using TelemetryGateway.Gateway.Ingest;
using TelemetryGateway.Gateway.Sources.Mqtt;
using TelemetryGateway.Mqtt.Client;
using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Bench.Mqtt;

/// <summary>
/// p99 from publish to durable in the gateway buffer at a steady rate: a monitor (our client, QoS 1) publishes
/// one vitals message every 1/rate s; the gateway's real MQTT source (embedded broker, or its client subscribed
/// at mosquitto), its real sink and a real edge buffer (SQLite WAL, synchronous=FULL) take it in. The clock
/// stops when the sink's commit returned for that message — the moment the gateway would send PUBACK.
/// Uplink and hub are not in the path (nothing to do with "durable at the edge").
/// </summary>
internal static class DurableLatency
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<double[]> RunAsync(string mode, int mosquittoPort, int rate, int messages, string directory)
    {
        var sent = new long[messages];
        var done = new long[messages];
        var remaining = new CountdownEvent(messages);
        var bufferPath = Path.Combine(directory, $"buffer-{Guid.NewGuid():N}.db");
        await using var buffer = await EdgeBufferStore.OpenAsync(new EdgeBufferOptions { Path = bufferPath, CapacityBytes = 1L << 30 });
        var sink = new TimingSink(new ReadingSink(buffer, new DeviceBindingTable(), new GatewayMetrics(), (_, _) => { }, TimeProvider.System, NullLogger.Instance),
            (index, at) =>
            {
                if (index >= 0 && index < messages && Interlocked.CompareExchange(ref done[index], at, 0) == 0)
                {
                    remaining.Signal();
                }
            });
        var port = mode == "client" ? mosquittoPort : FreePort();
        var options = mode == "client"
            ? new MqttSourceOptions { BrokerUrl = $"mqtt://127.0.0.1:{mosquittoPort}", ClientId = $"bench-{Guid.NewGuid():N}"[..20] }
            : new MqttSourceOptions { Listen = $"127.0.0.1:{port}", AllowAnonymous = true };
        options.Validate();
        var source = new MqttSource(options, "bench", TimeProvider.System, NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource();
        var running = source.RunAsync(sink, stop.Token);
        try
        {
            // Until the source is subscribed (client) or listening (embedded), a probe goes unanswered.
            await WaitUntilReadyAsync(port, sink);
            await using var publisher = new MqttClient(new MqttClientOptions
            {
                Host = "127.0.0.1",
                Port = port,
                ProtocolVersion = MqttProtocolVersion.V311,
                ClientId = $"monitor-{Guid.NewGuid():N}"[..20],
                MaximumInflightMessages = 1000,
            }, (_, _) => ValueTask.CompletedTask);
            await publisher.ConnectAsync(CancellationToken.None);
            var clock = Stopwatch.StartNew();
            var interval = TimeSpan.FromSeconds(1.0 / rate);
            var publishes = new List<Task>(messages);
            for (var i = 0; i < messages; i++)
            {
                var due = interval * i;
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait);
                }
                while (clock.Elapsed < due)
                {
                    Thread.SpinWait(50); // Task.Delay's 1 ms granularity would bunch messages
                }
                sent[i] = Stopwatch.GetTimestamp();
                publishes.Add(publisher.PublishAsync(new MqttApplicationMessage
                {
                    Topic = "ambulance/BENCH/mon1/vitals",
                    Payload = Vitals(i),
                    QualityOfService = MqttQualityOfService.AtLeastOnce,
                }, CancellationToken.None));
            }
            await Task.WhenAll(publishes);
            if (!remaining.Wait(TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException($"{remaining.CurrentCount} of {messages} messages never became durable");
            }
        }
        finally
        {
            await stop.CancelAsync();
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        var latencies = new double[messages];
        for (var i = 0; i < messages; i++)
        {
            latencies[i] = Stopwatch.GetElapsedTime(sent[i], done[i]).TotalMilliseconds;
        }
        return latencies;
    }

    /// <summary>Message i is one heart rate measured at Epoch + i s: the sink maps it back to i.</summary>
    private static byte[] Vitals(int i) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $$"""{"v":1,"time":"{{(Epoch + TimeSpan.FromSeconds(i)).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}}","patient":"P-1","vitals":[{"kind":"heart.rate","value":{{80 + (i % 40)}},"unit":"/min"}]}"""));

    private static async Task WaitUntilReadyAsync(int port, TimingSink sink)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                await using var probe = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = port, ProtocolVersion = MqttProtocolVersion.V311, ClientId = $"probe-{attempt}", AutoReconnect = false },
                    (_, _) => ValueTask.CompletedTask);
                await probe.ConnectAsync(CancellationToken.None);
                await probe.PublishAsync(new MqttApplicationMessage { Topic = "ambulance/BENCH/probe/vitals", Payload = Vitals(-1_000_000), QualityOfService = MqttQualityOfService.AtLeastOnce }, CancellationToken.None);
                for (var wait = 0; wait < 10 && !sink.ProbeSeen; wait++)
                {
                    await Task.Delay(50);
                }
                if (sink.ProbeSeen)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException("the MQTT source never took the probe");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The real sink, timing when each message's commit returned.</summary>
    private sealed class TimingSink(ReadingSink inner, Action<int, long> durable) : IReadingSink
    {
        public bool ProbeSeen { get; private set; }

        public async Task<IReadOnlyList<long>> AcceptAsync(IReadOnlyList<Reading> readings, CancellationToken ct) =>
            (await SubmitAsync(readings, ct)).Sequences;

        public async Task<AcceptResult> SubmitAsync(IReadOnlyList<Reading> readings, CancellationToken ct)
        {
            var result = await inner.SubmitAsync(readings, ct);
            var now = Stopwatch.GetTimestamp();
            foreach (var reading in readings)
            {
                var index = (long)Math.Round((reading.MeasuredAt!.Value - Epoch).TotalSeconds);
                if (index < 0)
                {
                    ProbeSeen = true;
                    continue;
                }
                durable((int)index, now);
            }
            return result;
        }
    }
}
