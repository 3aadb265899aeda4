using System.Net.Http.Json;
using System.Text.Json;
using TelemetryGateway.Core;
using TelemetryGateway.Spine.Tests.Infrastructure;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Spine.Tests;

/// <summary>
/// An ambulance monitor (tgsim monitor, its own process) publishing a continuous QoS 1 stream, through mosquitto
/// and the gateway's MQTT client or through the gateway's embedded broker, to a real hub. Mosquitto is restarted
/// and the gateway SIGKILLed mid-stream; every message the monitor got a PUBACK for ends at the hub exactly once,
/// counted per stream (vitals → heart rate readings, ECG chunks → ecg.II readings), and the ambulance's position,
/// ETA and status reach GET /api/ambulances.
/// </summary>
public sealed class MonitorEndToEndTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    // 60 simulated seconds at 6× speed: 10 s of wall-clock streaming, about 36 messages a second.
    private static readonly string[] Monitor =
        ["--unit", "A7", "--device", "mon-e2e", "--patient", "P-E2E", "--duration", "60", "--speed-up", "6", "--qos", "1",
         "--onset", "5", "--deterioration", "40"];

    [Fact]
    public async Task Monitor_to_mosquitto_to_the_gateway_client_to_the_hub_exactly_once_across_a_mosquitto_restart_and_a_gateway_SIGKILL()
    {
        await using var hub = await SpineHub.StartAsync("gw-amb");
        await using var mosquitto = await MosquittoProcess.StartAsync();
        var data = Directory.CreateTempSubdirectory("tg-spine-gw-").FullName;
        string[] gatewayArguments =
        [
            "--id", "gw-amb", "--secret", SpineHub.Secret, "--data", data, "--hub", hub.GrpcAddress.ToString(), "--http", "http://127.0.0.1:0",
            "--mqtt-broker", $"mqtt://127.0.0.1:{mosquitto.Port}",
        ];
        var gateway = GatewayProcess.Start(gatewayArguments);
        try
        {
            // The gateway's session (and subscription) must exist before the monitor publishes, or mosquitto
            // has nobody to queue the first messages for.
            await WaitForSubscriberAsync(hub, mosquitto.Port, gateway);
            await using var monitor = MonitorSimProcess.Start([.. Monitor, "--broker", $"127.0.0.1:{mosquitto.Port}"]);

            await Task.Delay(TimeSpan.FromSeconds(3));
            await mosquitto.StopAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(500)); // both clients back off and retry meanwhile
            await mosquitto.RestartAsync();

            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(gateway.HasExited, gateway.Output);
            await gateway.KillAsync();
            var killedOutput = gateway.Output;
            await gateway.DisposeAsync();
            gateway = GatewayProcess.Start(gatewayArguments); // same client id: mosquitto kept its session meanwhile

            var published = await monitor.WaitForCountsAsync(Settle);
            try
            {
                await AssertAtHubExactlyOnceAsync(hub, published, "gw-amb");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"{ex.Message}\n--- killed gateway:\n{killedOutput}\n--- gateway:\n{gateway.Output}\n--- mosquitto:\n{mosquitto.Log}");
            }
        }
        finally
        {
            await gateway.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Monitor_to_the_gateways_embedded_broker_to_the_hub_exactly_once_across_a_gateway_SIGKILL()
    {
        await using var hub = await SpineHub.StartAsync("gw-emb");
        var data = Directory.CreateTempSubdirectory("tg-spine-gw-").FullName;
        var port = FreePort();
        string[] gatewayArguments =
        [
            "--id", "gw-emb", "--secret", SpineHub.Secret, "--data", data, "--hub", hub.GrpcAddress.ToString(), "--http", "http://127.0.0.1:0",
            "--mqtt-listen", $"127.0.0.1:{port}", "--Gateway:Mqtt:AllowAnonymous=true",
        ];
        var gateway = GatewayProcess.Start(gatewayArguments);
        try
        {
            await WaitForPortAsync(port, gateway);
            await using var monitor = MonitorSimProcess.Start([.. Monitor, "--broker", $"127.0.0.1:{port}", "--format", "hl7"]);

            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.False(gateway.HasExited, gateway.Output);
            await gateway.KillAsync(); // the monitor's in-flight QoS 1 messages get no PUBACK: it sends them again
            await gateway.DisposeAsync();
            gateway = GatewayProcess.Start(gatewayArguments);

            var published = await monitor.WaitForCountsAsync(Settle);
            await AssertAtHubExactlyOnceAsync(hub, published, "gw-emb", vitalsStream: "hl7");
        }
        finally
        {
            await gateway.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// Each vitals message carries one heart rate and each ECG chunk is one ecg.II reading, at a time of its own:
    /// the hub holding exactly as many as the monitor had acknowledged means none lost (the store's key rules out
    /// duplicates, and the times prove each is a different message).
    /// </summary>
    private static async Task AssertAtHubExactlyOnceAsync(SpineHub hub, IReadOnlyDictionary<string, long> published, string gatewayId, string vitalsStream = "vitals")
    {
        var vitals = published[vitalsStream];
        var chunks = published["waveform"];
        Assert.Equal(60, vitals);       // 60 simulated seconds, one a second
        Assert.Equal(299, chunks);      // 200 ms chunks
        Assert.Equal(60, published["position"]);
        await WaitForCountAsync(hub, ReadingKinds.HeartRate, vitals);
        await WaitForCountAsync(hub, "ecg.II", chunks);
        foreach (var kind in new[] { ReadingKinds.SpO2, ReadingKinds.BpSystolic, ReadingKinds.RespRate })
        {
            Assert.Equal(vitals, await hub.Host.Store.CountAsync(new ReadingQuery { DeviceId = "mon-e2e", Kind = kind }));
        }
        var heart = await hub.Host.Store.QueryAsync(new ReadingQuery { DeviceId = "mon-e2e", Kind = ReadingKinds.HeartRate, Limit = 1000, Order = QueryOrder.OldestFirst });
        Assert.Equal(vitals, heart.Select(r => r.Reading.MeasuredAt).Distinct().Count());
        Assert.All(heart, r => Assert.Equal("P-E2E", r.Reading.PatientId));
        // The patient deteriorated on the way: the first and last heart rates tell.
        Assert.True(heart[^1].Reading.Value > heart[0].Reading.Value + 30, $"heart rate {heart[0].Reading.Value} → {heart[^1].Reading.Value}");

        using var http = hub.CreateApiClient();
        var ambulances = await http.GetFromJsonAsync<JsonElement>(new Uri(hub.Host.HttpAddress, "/api/ambulances"));
        var a7 = Assert.Single(ambulances.EnumerateArray());
        Assert.Equal("A7", a7.GetProperty("unit").GetString());
        Assert.Equal(gatewayId, a7.GetProperty("gatewayId").GetString());
        Assert.Equal("P-E2E", a7.GetProperty("patientId").GetString());
        Assert.Equal("Kantonsspital Aarau ED", a7.GetProperty("destination").GetString());
        Assert.Equal(JsonValueKind.String, a7.GetProperty("eta").ValueKind);
        Assert.Equal(14, a7.GetProperty("position").GetProperty("speed").GetDouble());
        Assert.Contains("SPO2_LOW", a7.GetProperty("status").GetProperty("alarms").EnumerateArray().Select(x => x.GetProperty("code").GetString()));
    }

    private static async Task WaitForCountAsync(SpineHub hub, string kind, long expected)
    {
        var until = DateTime.UtcNow + Settle;
        long stored;
        while ((stored = await hub.Host.Store.CountAsync(new ReadingQuery { DeviceId = "mon-e2e", Kind = kind })) < expected)
        {
            if (DateTime.UtcNow >= until)
            {
                using var http = hub.CreateApiClient();
                var rejected = (await http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n').Where(l => l.StartsWith("hub_readings_rejected_total{", StringComparison.Ordinal));
                Assert.Fail($"the hub holds {stored} of {expected} {kind} readings after {Settle}; duplicates {hub.Host.Metrics.ReadingsDuplicate}, " +
                    $"stored {hub.Host.Metrics.ReadingsStored}, received {hub.Host.Metrics.ReadingsReceived}, rejected: {string.Join("; ", rejected)}");
            }
            await Task.Delay(100);
        }
        Assert.Equal(expected, stored);
    }

    /// <summary>Publishes a probe until the gateway has subscribed: it lands at the hub as a reading.</summary>
    private static async Task WaitForSubscriberAsync(SpineHub hub, int port, GatewayProcess gateway)
    {
        var until = DateTime.UtcNow + Settle;
        for (var i = 0; ; i++)
        {
            Assert.False(gateway.HasExited, gateway.Output);
            var probe = $$"""{"v":1,"time":"{{DateTimeOffset.UtcNow.AddSeconds(-i):yyyy-MM-dd'T'HH:mm:ss'Z'}}","vitals":[{"kind":"spo2","value":99,"unit":"%"}]}""";
            using (var pub = System.Diagnostics.Process.Start("mosquitto_pub", ["-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-q", "1", "-t", "ambulance/probe/probe/vitals", "-m", probe])!)
            {
                await pub.WaitForExitAsync();
            }
            if (await hub.Host.Store.CountAsync(new ReadingQuery { DeviceId = "probe" }) > 0)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < until, $"the gateway never subscribed at mosquitto:\n{gateway.Output}");
            await Task.Delay(300);
        }
    }

    private static async Task WaitForPortAsync(int port, GatewayProcess gateway)
    {
        var until = DateTime.UtcNow + Settle;
        while (true)
        {
            Assert.False(gateway.HasExited, gateway.Output);
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort() => TelemetryGateway.Tests.Shared.LoopbackPorts.Pick();
}
