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

    [Fact]
    public async Task With_concurrent_ingest_handlers_overlap_yet_PUBACKs_and_subscribers_follow_arrival_order()
    {
        await using var broker = await EmbeddedBroker.StartAsync(o => o.MaximumConcurrentIngest = 16);
        var entered = new ConcurrentQueue<string>();
        var active = 0;
        var mostActive = 0;
        using var registration = broker.Broker.AddIngestHandler("ambulance/+/vitals", async (message, cancellationToken) =>
        {
            entered.Enqueue(Encoding.UTF8.GetString(message.Payload.Span));
            var now = Interlocked.Increment(ref active);
            InterlockedMax(ref mostActive, now);
            // Later messages often finish first: the order seen outside must not change.
            await Task.Delay(Random.Shared.Next(0, 4), cancellationToken);
            Interlocked.Decrement(ref active);
        });
        await using var watcher = await MosquittoClients.SubscribeAsync(broker.Endpoint(MqttProtocolVersion.V311), "ambulance/#", MqttQualityOfService.AtLeastOnce);
        var lines = Enumerable.Range(1, 300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        // mosquitto_pub exits only when every PUBACK arrived: each after its own handler returned.
        await MosquittoClients.PublishLinesAsync(broker.Endpoint(MqttProtocolVersion.V500), "ambulance/A3/vitals", lines, MqttQualityOfService.AtLeastOnce);

        Assert.Equal(lines, entered);
        Assert.Equal(lines, (await watcher.WaitForMessagesAsync(lines.Count, Timeout)).Select(m => m.Text));
        Assert.True(Volatile.Read(ref mostActive) > 1, "the handlers never overlapped");
    }

    [Fact]
    public async Task With_concurrent_ingest_a_failed_handler_closes_a_311_connection_before_any_later_PUBACK()
    {
        await using var broker = await EmbeddedBroker.StartAsync(o => o.MaximumConcurrentIngest = 16);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = broker.Broker.AddIngestHandler("ambulance/#", async (message, cancellationToken) =>
        {
            var text = Encoding.UTF8.GetString(message.Payload.Span);
            if (text == "2")
            {
                await release.Task.WaitAsync(cancellationToken);
                throw new IOException("disk full");
            }
        });

        await using var raw = await broker.ConnectRawAsync();
        await raw.ConnectAsync(MqttProtocolVersion.V311, "monitor-1");
        for (ushort id = 1; id <= 3; id++)
        {
            await raw.SendAsync(new PublishPacket { Topic = "ambulance/A1/vitals", Payload = Encoding.UTF8.GetBytes(id.ToString(System.Globalization.CultureInfo.InvariantCulture)), QualityOfService = MqttQualityOfService.AtLeastOnce, PacketId = id });
        }
        var first = Assert.IsType<PubAckPacket>(await raw.ReceiveAsync(Timeout));
        Assert.Equal(1, first.PacketId);
        release.SetResult();
        // 2 failed: no PUBACK for it, and none for 3 although its handler succeeded (it would overtake 2).
        var rest = new List<MqttPacket>();
        Assert.True(await raw.WaitForCloseAsync(Timeout, rest), "connection left open");
        Assert.Empty(rest);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }
}
