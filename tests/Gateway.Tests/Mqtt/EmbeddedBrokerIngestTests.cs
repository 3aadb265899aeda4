using TelemetryGateway.Core;
using TelemetryGateway.Gateway.Sources.Mqtt;
using TelemetryGateway.Gateway.Tests.Infrastructure;
using TelemetryGateway.Mqtt.Broker;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway.Tests.Mqtt;

/// <summary>mosquitto_pub (a real, independent client) publishes to the gateway's embedded broker.</summary>
public sealed class EmbeddedBrokerIngestTests : IDisposable
{
    private readonly GatewayFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private async Task<(GatewayHost Gateway, int Port)> StartAsync(Action<MqttSourceOptions>? configure = null)
    {
        var port = TestHub.FreePort();
        var mqtt = new MqttSourceOptions { Listen = $"127.0.0.1:{port}", AllowAnonymous = true };
        configure?.Invoke(mqtt);
        var gateway = await _fixture.StartAsync(MqttTestData.Options(_fixture, mqtt));
        await WaitForListenerAsync(port);
        return (gateway, port);
    }

    private static async Task WaitForListenerAsync(int port) => await Eventually.TrueAsync(() =>
    {
        try
        {
            using var probe = new System.Net.Sockets.TcpClient();
            probe.Connect("127.0.0.1", port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }, $"the embedded broker listens on {port}");

    [Fact]
    public async Task Qos1_messages_are_durable_in_the_buffer_when_mosquitto_pub_gets_its_puback()
    {
        var (gateway, port) = await StartAsync();
        await using var _ = gateway;

        foreach (var (topic, payload) in new[]
        {
            ("ambulance/A12/mon1/vitals", MqttTestData.Vitals()),
            ("ambulance/A12/mon1/hl7", MqttTestData.Hl7Bp),
            ("ambulance/A12/mon1/waveform/II", MqttTestData.EcgChunk),
            ("ambulance/A12/mon1/position", """{"lat":47.39,"lon":8.05,"speed":15,"eta":"2026-11-22T08:25:00Z"}"""u8.ToArray()),
        })
        {
            var (code, error) = await MosquittoPub.PublishAsync(port, topic, payload, qos: 1);
            Assert.True(code == 0, $"mosquitto_pub {topic}: exit {code}: {error}");
        }

        // No waiting: the PUBACK each mosquitto_pub received was sent after the commit.
        var buffered = await MqttTestData.BufferedAsync(gateway);
        Assert.Equal(
            [
                (ReadingKinds.HeartRate, 118.0), (ReadingKinds.SpO2, 89.0),
                (ReadingKinds.BpSystolic, 120.0), (ReadingKinds.BpDiastolic, 80.0), (ReadingKinds.BpMean, 100.0),
                ("ecg.II", 40.0),
            ],
            buffered.Select(b => (b.Reading.Kind, b.Reading.Value)));
        Assert.All(buffered, b => Assert.Equal(BufferPriority.Live, b.Priority));
        Assert.All(buffered, b => Assert.Equal(("mon1", ReadingSource.Mqtt), (b.Reading.DeviceId, b.Reading.Source)));
        Assert.Equal("P-0042", buffered[0].Reading.PatientId);
        Assert.Equal("789567", buffered[2].Reading.PatientId);
        Assert.Equal(ReadingFlags.High, buffered[0].Reading.Flags);
        Assert.Equal([16, -16, 1000], buffered[5].Reading.Waveform!.Samples.ToArray());
        Assert.Equal(250.0, buffered[5].Reading.Waveform!.SampleRateHz);

        var metrics = await MqttTestData.MetricsAsync(gateway);
        Assert.Contains("gateway_mqtt_readings_total 6\n", metrics, StringComparison.Ordinal);
        Assert.Contains("gateway_mqtt_messages_total{stream=\"position\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("gateway_mqtt_ambulance_updates_total{result=\"forwarded\"} 1\n", metrics, StringComparison.Ordinal);

        // The position went into the buffer too, for the hub's /api/ambulances, with the patient of mon1's vitals.
        var update = Assert.Single(await MqttTestData.AmbulanceUpdatesAsync(gateway));
        Assert.Equal(("A12", "mon1", "789567"), (update.Unit, update.DeviceId, update.PatientId));
        Assert.Equal((47.39, 8.05, 15.0), (update.Position.Latitude, update.Position.Longitude, update.Position.SpeedMps));
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T08:25:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), update.Position.EtaUnixMs);
    }

    [Fact]
    public async Task Malformed_payloads_and_foreign_topics_are_counted_acknowledged_and_nothing_is_buffered()
    {
        var (gateway, port) = await StartAsync();
        await using var _ = gateway;

        await MosquittoPub.PublishOkAsync(port, "ambulance/A12/mon1/vitals", """{"vitals":[{"kind":"spo2","value":"97","unit":"%"}]}"""u8.ToArray());
        await MosquittoPub.PublishOkAsync(port, "ambulance/A12/mon1/hl7", "MSH|^~\\&|X||||2026||ADT^A01|1|P|2.6\r"u8.ToArray());
        await MosquittoPub.PublishOkAsync(port, "ambulance/A12/mon1/waveform/II", MqttTestData.EcgChunk[..30]);
        await MosquittoPub.PublishOkAsync(port, "ambulance/A12/mon1/telemetry", "{}"u8.ToArray());
        await MosquittoPub.PublishOkAsync(port, "ambulance/A12/mon1/vitals", """{"vitals":[{"kind":"cardiac.output","value":4.9,"unit":"L/min"}]}"""u8.ToArray());

        Assert.Empty(await MqttTestData.BufferedAsync(gateway));
        var metrics = await MqttTestData.MetricsAsync(gateway);
        Assert.Contains("gateway_mqtt_decode_errors_total{reason=\"monitor-json\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("gateway_mqtt_decode_errors_total{reason=\"hl7\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("gateway_mqtt_decode_errors_total{reason=\"waveform\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("gateway_mqtt_decode_errors_total{reason=\"topic\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("gateway_monitor_unmapped_total{reason=\"UnknownCode\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("gateway_monitor_unmapped_codes_total{code=\"cardiac.output\"} 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_monitor_is_reported_and_its_return_clears_the_report()
    {
        // Long enough that the reading's "not silent" state outlasts a loaded machine's mosquitto_pub start and the
        // metrics request that checks it (500 ms failed once under load), short enough to wait for in a test.
        var (gateway, port) = await StartAsync(m => m.SilenceThreshold = TimeSpan.FromSeconds(3));
        await using var _ = gateway;
        await MosquittoPub.PublishOkAsync(port, "ambulance/A12/mon1/vitals", MqttTestData.Vitals());
        Assert.Contains("gateway_monitor_silent{device=\"mon1\"} 0\n", await MqttTestData.MetricsAsync(gateway), StringComparison.Ordinal);

        string metrics = "";
        await Eventually.TrueAsync(() =>
        {
            metrics = MqttTestData.MetricsAsync(gateway).GetAwaiter().GetResult();
            return metrics.Contains("gateway_monitor_silent{device=\"mon1\"} 1\n", StringComparison.Ordinal);
        }, "mon1 is reported silent", TimeSpan.FromSeconds(10));

        await MosquittoPub.PublishOkAsync(port, "ambulance/A12/mon1/vitals", MqttTestData.Vitals(120));
        Assert.Contains("gateway_monitor_silent{device=\"mon1\"} 0\n", await MqttTestData.MetricsAsync(gateway), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_monitors_are_refused_unless_allowed_and_users_authenticate()
    {
        var (gateway, port) = await StartAsync(m =>
        {
            m.AllowAnonymous = false;
            m.Users = [new MqttBrokerUser { UserName = "mon1", PasswordHash = MqttPasswordHash.Hash("s3cret") }];
        });
        await using var _ = gateway;

        var anonymous = await MosquittoPub.PublishAsync(port, "ambulance/A12/mon1/vitals", MqttTestData.Vitals());
        Assert.NotEqual(0, anonymous.ExitCode);
        var wrong = await MosquittoPub.PublishAsync(port, "ambulance/A12/mon1/vitals", MqttTestData.Vitals(), user: "mon1", password: "guess");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Empty(await MqttTestData.BufferedAsync(gateway));

        var (code, error) = await MosquittoPub.PublishAsync(port, "ambulance/A12/mon1/vitals", MqttTestData.Vitals(), user: "mon1", password: "s3cret", version: "5");
        Assert.True(code == 0, error);
        Assert.Equal(2, (await MqttTestData.BufferedAsync(gateway)).Count);
    }
}
