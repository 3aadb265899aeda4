using TelemetryGateway.Core;
using TelemetryGateway.Gateway.Sources.Mqtt;
using TelemetryGateway.Gateway.Tests.Infrastructure;

namespace TelemetryGateway.Gateway.Tests.Mqtt;

/// <summary>The gateway as a client of mosquitto (Gateway:Mqtt:BrokerUrl), with mosquitto_pub as the monitor.</summary>
public sealed class ClientModeIngestTests : IDisposable
{
    private readonly GatewayFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private Task<GatewayHost> StartAsync(int brokerPort) =>
        _fixture.StartAsync(MqttTestData.Options(_fixture, new MqttSourceOptions { BrokerUrl = $"mqtt://127.0.0.1:{brokerPort}" }));

    private static async Task WaitForBufferedAsync(GatewayHost gateway, int count, string what) =>
        await Eventually.TrueAsync(() => MqttTestData.BufferedAsync(gateway).GetAwaiter().GetResult().Count >= count, what);

    [Fact]
    public async Task Messages_published_while_the_gateway_was_away_arrive_through_its_persistent_session()
    {
        await using var mosquitto = await MosquittoBroker.StartAsync();
        await using (var gateway = await StartAsync(mosquitto.Port))
        {
            // Until the subscription exists mosquitto drops what nobody subscribed to: publish until one arrives.
            await Eventually.TrueAsync(() =>
            {
                MosquittoPub.PublishOkAsync(mosquitto.Port, "ambulance/A12/mon1/vitals", MqttTestData.Vitals(101)).GetAwaiter().GetResult();
                return MqttTestData.BufferedAsync(gateway).GetAwaiter().GetResult().Count > 0;
            }, "the gateway subscribed at mosquitto");
            var metrics = await MqttTestData.MetricsAsync(gateway);
            Assert.Contains("gateway_mqtt_client_connects_total 1\n", metrics, StringComparison.Ordinal);
        }

        // Gateway stopped: mosquitto keeps its session (client id tg-gw-test) and queues QoS 1 messages for it.
        await MosquittoPub.PublishOkAsync(mosquitto.Port, "ambulance/A12/mon1/hl7", MqttTestData.Hl7Bp);
        await MosquittoPub.PublishOkAsync(mosquitto.Port, "ambulance/A12/mon1/waveform/II", MqttTestData.EcgChunk);

        await using (var gateway = await StartAsync(mosquitto.Port))
        {
            await WaitForBufferedAsync(gateway, 2 + 3 + 1, "the queued HL7 and ECG messages");
            var buffered = await MqttTestData.BufferedAsync(gateway);
            Assert.Equal(
                [ReadingKinds.BpSystolic, ReadingKinds.BpDiastolic, ReadingKinds.BpMean, "ecg.II"],
                buffered.Skip(2).Select(b => b.Reading.Kind));
            Assert.All(buffered, b => Assert.Equal(ReadingSource.Mqtt, b.Reading.Source));
        }
    }

    [Fact]
    public void Client_settings_follow_Gateway_Mqtt()
    {
        var options = new MqttSourceOptions { BrokerUrl = "mqtts://broker.example:8884", ProtocolVersion = 5, Qos = 0, Topics = ["ambulance/A1/#"], UserName = "gw", Password = "pw" };
        options.Validate();
        var client = MqttSource.ClientOptions(options, "gw-7", TimeProvider.System);
        Assert.Equal(("broker.example", 8884, "tg-gw-7", false), (client.Host, client.Port, client.ClientId, client.CleanStart));
        Assert.Equal(TelemetryGateway.Mqtt.Packets.MqttProtocolVersion.V500, client.ProtocolVersion);
        Assert.Equal((uint)TimeSpan.FromDays(7).TotalSeconds, client.SessionExpirySeconds);
        Assert.NotNull(client.Tls);
        Assert.Equal(("ambulance/A1/#", TelemetryGateway.Mqtt.Packets.MqttQualityOfService.AtMostOnce), (client.Subscriptions[0].TopicFilter, client.Subscriptions[0].MaximumQualityOfService));
        Assert.Equal("pw"u8.ToArray(), client.Password);

        var plain = MqttSource.ClientOptions(new MqttSourceOptions { BrokerUrl = "mqtt://10.0.0.5" }, "gw-7", TimeProvider.System);
        Assert.Equal((1883, (object?)null), (plain.Port, (object?)plain.Tls));
        Assert.Throws<GatewayConfigurationException>(() => new MqttSourceOptions { BrokerUrl = "http://x" }.Validate());
        Assert.Throws<GatewayConfigurationException>(() => new MqttSourceOptions { BrokerUrl = "mqtt://x", SessionExpiry = TimeSpan.Zero }.Validate());
    }
}
