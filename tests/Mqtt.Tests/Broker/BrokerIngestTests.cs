using System.Collections.Concurrent;
using System.Text;
using TelemetryGateway.Mqtt.Broker;
using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Tests.Infrastructure;

namespace TelemetryGateway.Mqtt.Tests.Broker;

/// <summary>The gateway's ingest hook: a QoS 1/2 publisher is acknowledged only after the handler returned.</summary>
public sealed class BrokerIngestTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfService.AtLeastOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.ExactlyOnce)]
    public async Task AcknowledgementWaitsForTheHandler(MqttProtocolVersion version, MqttQualityOfService qos)
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var entered = new TaskCompletionSource<MqttIngestMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = broker.Broker.AddIngestHandler("ambulance/#", async (message, cancellationToken) =>
        {
            entered.TrySetResult(message);
            await release.Task.WaitAsync(cancellationToken);
        });

        await using var raw = await broker.ConnectRawAsync();
        await raw.ConnectAsync(version, "monitor-1");
        await raw.SendAsync(new PublishPacket { Topic = "ambulance/A1/vitals", Payload = "spo2=91"u8.ToArray(), QualityOfService = qos, PacketId = 7 });
        var seen = await entered.Task.WaitAsync(Timeout);
        Assert.Equal(("ambulance/A1/vitals", "spo2=91", "monitor-1"), (seen.Topic, Encoding.UTF8.GetString(seen.Payload.Span), seen.ClientId));

        Assert.True(await raw.IsSilentAsync(TimeSpan.FromMilliseconds(400)), "acknowledged before the handler returned");
        release.SetResult();
        var ack = Assert.IsAssignableFrom<MqttPublishAckPacket>(await raw.ReceiveAsync());
        Assert.Equal((qos == MqttQualityOfService.AtLeastOnce ? MqttPacketType.PubAck : MqttPacketType.PubRec, (ushort)7, MqttReasonCode.Success),
            (ack.Type, ack.PacketId, ack.ReasonCode));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task FailingHandlerMeansNoAcknowledgementAndNoDelivery(MqttProtocolVersion version)
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        using var registration = broker.Broker.AddIngestHandler("ambulance/#",
            (_, _) => ValueTask.FromException(new IOException("buffer disk full")));
        await using var watcher = await MosquittoClients.SubscribeAsync(broker.Endpoint(version), "#", MqttQualityOfService.AtLeastOnce);

        await using var raw = await broker.ConnectRawAsync();
        await raw.ConnectAsync(version, "monitor-2");
        await raw.SendAsync(new PublishPacket { Topic = "ambulance/A2/vitals", Payload = "hr=130"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce, PacketId = 3 });
        var received = new List<MqttPacket>();
        if (version == MqttProtocolVersion.V500)
        {
            // 5.0: PUBACK 0x80 Unspecified error tells the publisher the message was not taken.
            var ack = Assert.IsType<PubAckPacket>(await raw.ReceiveAsync());
            Assert.Equal(MqttReasonCode.UnspecifiedError, ack.ReasonCode);
        }
        else
        {
            // 3.1.1 has no negative PUBACK: the connection is closed unacknowledged.
            Assert.True(await raw.WaitForCloseAsync(Timeout, received));
            Assert.Empty(received);
        }

        Assert.Equal(1, broker.Metrics.IngestFailures);
        await MosquittoClients.PublishAsync(broker.Endpoint(version), "other/topic", "marker", MqttQualityOfService.AtLeastOnce);
        var messages = await watcher.WaitForMessagesAsync(1, Timeout);
        Assert.Equal("marker", Assert.Single(messages).Text);
    }

    [Fact]
    public async Task MosquittoPubStreamReachesTheHandlerInOrder()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var taken = new ConcurrentQueue<string>();
        using var registration = broker.Broker.AddIngestHandler("ambulance/+/vitals", async (message, cancellationToken) =>
        {
            await Task.Yield();
            taken.Enqueue(Encoding.UTF8.GetString(message.Payload.Span));
        });
        var lines = Enumerable.Range(1, 500).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        // mosquitto_pub exits only when every PUBACK arrived, so every line was taken by then.
        await MosquittoClients.PublishLinesAsync(broker.Endpoint(MqttProtocolVersion.V500), "ambulance/A3/vitals", lines, MqttQualityOfService.AtLeastOnce);
        Assert.Equal(lines, taken);
    }
}
