using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Tests.Infrastructure;

namespace TelemetryGateway.Mqtt.Tests.Client;

/// <summary>Our client against a real mosquitto, with mosquitto's own clients on the other side.</summary>
public sealed class QualityOfServiceTests
{
    public static TheoryData<MqttProtocolVersion, MqttQualityOfService> Cases()
    {
        var data = new TheoryData<MqttProtocolVersion, MqttQualityOfService>();
        foreach (var version in new[] { MqttProtocolVersion.V311, MqttProtocolVersion.V500 })
        {
            foreach (var qos in new[] { MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtLeastOnce, MqttQualityOfService.ExactlyOnce })
            {
                data.Add(version, qos);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task OurClientPublishesToMosquittoSub(MqttProtocolVersion version, MqttQualityOfService qos)
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var subscriber = await MosquittoClients.SubscribeAsync(MosquittoEndpoint.Plain(broker, version), "vitals/#", qos);
        await using var client = await ClientHarness.ConnectAsync(ClientHarness.Options(broker, version));

        var result = await client.PublishAsync("vitals/A7/hr", "{\"hr\":112}", qos);
        Assert.True(result.Succeeded);
        var received = Assert.Single(await subscriber.WaitForMessagesAsync(1, ClientHarness.Timeout));
        Assert.Equal("vitals/A7/hr", received.Topic);
        Assert.Equal("{\"hr\":112}", received.Text);
        Assert.Equal(qos, received.QualityOfService);
        Assert.Equal(1, client.Client.Counters.MessagesPublished);
        Assert.Equal(0, client.Client.Session.OutgoingInflight);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MosquittoPubPublishesToOurClient(MqttProtocolVersion version, MqttQualityOfService qos)
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var client = await ClientHarness.ConnectAsync(ClientHarness.Options(broker, version));
        await client.SubscribeAsync("vitals/+/spo2", qos);

        await MosquittoClients.PublishAsync(MosquittoEndpoint.Plain(broker, version), "vitals/A7/spo2", "93", qos);
        var message = await client.NextAsync();
        Assert.Equal("vitals/A7/spo2", message.Topic);
        Assert.Equal("93"u8.ToArray(), message.Payload.ToArray());
        Assert.Equal(qos, message.QualityOfService);
        Assert.False(message.Duplicate);

        // QoS 2 completes with PUBREL/PUBCOMP: the received identifier is released again.
        await client.WaitUntilAsync(() => client.Client.Session.IncomingQos2Pending == 0, "PUBREL");
        await client.AssertQuietAsync(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, client.Client.Counters.MessagesReceived);
    }

    [Fact]
    public async Task RetainedMessageAndUnsubscribe()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await MosquittoClients.PublishAsync(MosquittoEndpoint.Plain(broker, MqttProtocolVersion.V500), "status/A7", "online", MqttQualityOfService.AtLeastOnce, retain: true);
        await using var client = await ClientHarness.ConnectAsync(ClientHarness.Options(broker, MqttProtocolVersion.V500));
        await client.SubscribeAsync("status/#", MqttQualityOfService.AtLeastOnce);
        var retained = await client.NextAsync();
        Assert.True(retained.Retain);
        Assert.Equal("online", System.Text.Encoding.UTF8.GetString(retained.Payload.Span));

        using var cts = new CancellationTokenSource(ClientHarness.Timeout);
        await client.Client.UnsubscribeAsync(["status/#"], cts.Token);
        await MosquittoClients.PublishAsync(MosquittoEndpoint.Plain(broker, MqttProtocolVersion.V500), "status/A7", "offline", MqttQualityOfService.AtLeastOnce);
        await client.AssertQuietAsync(TimeSpan.FromMilliseconds(300));
    }
}
