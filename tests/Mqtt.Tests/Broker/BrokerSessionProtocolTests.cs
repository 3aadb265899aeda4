using System.Text;
using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Tests.Infrastructure;

namespace TelemetryGateway.Mqtt.Tests.Broker;

/// <summary>Session behaviour seen on the wire: keep-alive, takeover, re-delivery with DUP, the in-flight window.</summary>
public sealed class BrokerSessionProtocolTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task SilentClientIsClosedAfterOneAndAHalfKeepAlivesAndItsWillPublished()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var endpoint = broker.Endpoint(MqttProtocolVersion.V311);
        await using var watcher = await MosquittoClients.SubscribeAsync(endpoint, "status/#", MqttQualityOfService.AtLeastOnce);
        await using var raw = await broker.ConnectRawAsync();
        var will = new MqttWill { Topic = "status/raw", Payload = "raw-lost"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce };
        await raw.ConnectAsync(MqttProtocolVersion.V311, "silent", keepAlive: 1, will: will);

        var started = DateTime.UtcNow;
        Assert.True(await raw.WaitForCloseAsync(Timeout));
        var elapsed = DateTime.UtcNow - started;
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(5));
        Assert.Equal("raw-lost", (await watcher.WaitForMessagesAsync(1, Timeout))[0].Text);
        Assert.Equal(1, broker.Metrics.ProtocolErrors["keep_alive_timeout"]);
    }

    [Fact]
    public async Task SameClientIdTakesTheSessionOver()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        await using var first = await broker.ConnectRawAsync();
        await first.ConnectAsync(MqttProtocolVersion.V500, "monitor-7", cleanStart: false,
            properties: new MqttProperties { SessionExpiryInterval = 60 });
        await first.SendAsync(new SubscribePacket { PacketId = 1, Subscriptions = [new MqttSubscription("x/#", MqttQualityOfService.AtLeastOnce)] });
        Assert.IsType<SubAckPacket>(await first.ReceiveAsync());

        await using var second = await broker.ConnectRawAsync();
        var connAck = await second.ConnectAsync(MqttProtocolVersion.V500, "monitor-7", cleanStart: false,
            properties: new MqttProperties { SessionExpiryInterval = 60 });
        Assert.True(connAck.SessionPresent);

        // 5.0 §3.1.4: the old connection gets DISCONNECT 0x8E and is closed.
        var received = new List<MqttPacket>();
        Assert.True(await first.WaitForCloseAsync(Timeout, received));
        Assert.Equal(MqttReasonCode.SessionTakenOver, Assert.IsType<DisconnectPacket>(Assert.Single(received)).ReasonCode);

        // The subscription came with the session.
        broker.Broker.Publish("x/y", "to-the-new-one"u8.ToArray(), MqttQualityOfService.AtLeastOnce);
        var publish = Assert.IsType<PublishPacket>(await second.ReceiveAsync());
        Assert.Equal("to-the-new-one", Encoding.UTF8.GetString(publish.Payload.Span));
        Assert.Equal(1, broker.Broker.SessionCount);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task UnacknowledgedDeliveriesAreResentWithDupOnResume(MqttProtocolVersion version)
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var properties = version == MqttProtocolVersion.V500 ? new MqttProperties { SessionExpiryInterval = 60 } : null;
        var raw = await broker.ConnectRawAsync();
        await raw.ConnectAsync(version, "screen", cleanStart: false, properties: properties);
        await raw.SendAsync(new SubscribePacket { PacketId = 1, Subscriptions = [new MqttSubscription("r/#", MqttQualityOfService.ExactlyOnce)] });
        Assert.IsType<SubAckPacket>(await raw.ReceiveAsync());

        await MosquittoClients.PublishAsync(broker.Endpoint(version), "r/1", "one", MqttQualityOfService.AtLeastOnce);
        await MosquittoClients.PublishAsync(broker.Endpoint(version), "r/2", "two", MqttQualityOfService.ExactlyOnce);
        var one = Assert.IsType<PublishPacket>(await raw.ReceiveAsync());
        var two = Assert.IsType<PublishPacket>(await raw.ReceiveAsync());
        Assert.False(one.Duplicate);
        await raw.SendAsync(MqttPublishAckPacket.Create(MqttPacketType.PubRec, two.PacketId));
        Assert.Equal(two.PacketId, Assert.IsType<PubRelPacket>(await raw.ReceiveAsync()).PacketId);
        raw.Abort();
        await raw.DisposeAsync();

        // §4.4: on resume, unacknowledged PUBLISH again with DUP and the original id, then the PUBREL.
        await using var back = await broker.ConnectRawAsync();
        Assert.True((await back.ConnectAsync(version, "screen", cleanStart: false, properties: properties)).SessionPresent);
        var again = Assert.IsType<PublishPacket>(await back.ReceiveAsync());
        Assert.True(again.Duplicate);
        Assert.Equal((one.PacketId, "one"), (again.PacketId, Encoding.UTF8.GetString(again.Payload.Span)));
        Assert.Equal(two.PacketId, Assert.IsType<PubRelPacket>(await back.ReceiveAsync()).PacketId);
        await back.SendAsync(MqttPublishAckPacket.Create(MqttPacketType.PubAck, again.PacketId));
        await back.SendAsync(MqttPublishAckPacket.Create(MqttPacketType.PubComp, two.PacketId));
        await back.SendAsync(PingReqPacket.Instance);
        Assert.IsType<PingRespPacket>(await back.ReceiveAsync());
    }

    [Fact]
    public async Task InFlightWindowHoldsBackUntilAcknowledged()
    {
        await using var broker = await EmbeddedBroker.StartAsync(o => o.MaximumInFlight = 2);
        await using var raw = await broker.ConnectRawAsync();
        await raw.ConnectAsync(MqttProtocolVersion.V500, "slow");
        await raw.SendAsync(new SubscribePacket { PacketId = 1, Subscriptions = [new MqttSubscription("w/#", MqttQualityOfService.AtLeastOnce)] });
        Assert.IsType<SubAckPacket>(await raw.ReceiveAsync());
        for (var i = 1; i <= 4; i++)
        {
            broker.Broker.Publish("w/" + i, Encoding.UTF8.GetBytes("m" + i), MqttQualityOfService.AtLeastOnce);
        }

        var first = Assert.IsType<PublishPacket>(await raw.ReceiveAsync());
        Assert.IsType<PublishPacket>(await raw.ReceiveAsync());
        Assert.True(await raw.IsSilentAsync(TimeSpan.FromMilliseconds(400)), "a third message beyond the window of 2");
        await raw.SendAsync(MqttPublishAckPacket.Create(MqttPacketType.PubAck, first.PacketId));
        Assert.Equal("w/3", Assert.IsType<PublishPacket>(await raw.ReceiveAsync()).Topic);
    }
}
