using System.Diagnostics;
using System.Text.Json;
using TelemetryGateway.FirmwareSim.Monitor;
using TelemetryGateway.Mqtt.Client;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.FirmwareSim;

/// <summary>
/// tgsim monitor: plays <see cref="MonitorScript"/> against an MQTT broker in (sped-up) real time. Publishing
/// does not wait for each acknowledgement, so a broker outage does not stall the monitor's clock: messages queue
/// in the client (up to its limit), in-flight QoS 1 ones are sent again after the reconnection, and at the end
/// the monitor waits for every acknowledgement before it prints its counts.
/// </summary>
internal static class MonitorSimulator
{
    /// <summary>How long to wait at the end for the broker to acknowledge what is still in flight.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var options = MonitorOptions.Parse(args);
        // With a speed-up, simulated time runs ahead of the clock; start early enough that it ends now, so that
        // no reading is ever in the future (the gateway refuses readings more than 5 minutes ahead).
        var start = options.Start ?? DateTimeOffset.UtcNow - (options.Duration is { } d ? d - (d / options.SpeedUp) : TimeSpan.Zero);
        start = new DateTimeOffset(start.Ticks - (start.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var script = new MonitorScript(options, start);

        var clientOptions = new MqttClientOptions
        {
            Host = options.Host,
            Port = options.Port,
            ProtocolVersion = options.MqttVersion == 5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311,
            ClientId = options.ClientId ?? $"tgsim-{options.Unit}-{options.Device}",
            UserName = options.User,
            Password = options.Password is null ? null : System.Text.Encoding.UTF8.GetBytes(options.Password),
            KeepAlive = TimeSpan.FromSeconds(10),
            InitialReconnectDelay = TimeSpan.FromMilliseconds(100),
            MaximumReconnectDelay = TimeSpan.FromSeconds(2),
            MaximumPendingMessages = 100_000,
        };
        await using var client = new MqttClient(clientOptions, (_, _) => ValueTask.CompletedTask);
        await client.ConnectAsync(ct);
        await Console.Error.WriteLineAsync($"monitor: {options.Unit}/{options.Device} connected to {options.Host}:{options.Port}, " +
            $"{(options.Hl7 ? "HL7" : "JSON")} vitals, QoS {options.Qos}, speed-up {options.SpeedUp}");

        var counts = new long[Enum.GetValues<MonitorMessageKind>().Length];
        long failed = 0, generated = 0;
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        var qos = options.Qos == 1 ? MqttQualityOfService.AtLeastOnce : MqttQualityOfService.AtMostOnce;
        try
        {
            foreach (var message in script.Messages(options.Duration))
            {
                var wait = (message.At / options.SpeedUp) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct);
                }
                generated++;
                inFlight.Add(PublishAsync(message));
                if (inFlight.Count >= 1024)
                {
                    inFlight.RemoveAll(t => t.IsCompleted);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C / SIGTERM: stop generating, still report what was acknowledged.
        }

        using var drain = new CancellationTokenSource(DrainTimeout);
        try
        {
            await Task.WhenAll(inFlight).WaitAsync(drain.Token);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"monitor: {inFlight.Count(t => !t.IsCompleted)} messages still unacknowledged after {DrainTimeout.TotalSeconds:0} s");
        }

        var published = Enum.GetValues<MonitorMessageKind>().ToDictionary(k => k.ToString().ToLowerInvariant(), k => Interlocked.Read(ref counts[(int)k]));
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["unit"] = options.Unit,
            ["device"] = options.Device,
            ["start"] = start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["generated"] = generated,
            ["published"] = published,
            ["failed"] = Interlocked.Read(ref failed),
        }));
        return 0;

        async Task PublishAsync(MonitorMessage message)
        {
            try
            {
                var result = await client.PublishAsync(new MqttApplicationMessage { Topic = message.Topic, Payload = message.Payload, QualityOfService = qos }, CancellationToken.None);
                Interlocked.Increment(ref result.Succeeded ? ref counts[(int)message.Kind] : ref failed);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
            {
                Interlocked.Increment(ref failed);
            }
        }
    }
}
