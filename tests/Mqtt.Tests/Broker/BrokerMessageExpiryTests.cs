using System.Text;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Tests.Broker;

/// <summary>MQTT 5.0 §3.3.2.3.3 Message Expiry Interval for messages queued for an absent client.</summary>
public sealed class BrokerMessageExpiryTests
{
    [Fact]
    public async Task ExpiredQueuedMessagesAreDeletedAndTheRestSentWithTheRemainingInterval()
    {
        var clock = new SteppedClock();
        await using var broker = await EmbeddedBroker.StartAsync(time: clock);
        var persistent = new MqttProperties { SessionExpiryInterval = 300 };
        await using (var away = await broker.ConnectRawAsync())
        {
            await away.ConnectAsync(MqttProtocolVersion.V500, "screen", cleanStart: false, properties: persistent);
            await away.SendAsync(new SubscribePacket { PacketId = 1, Subscriptions = [new MqttSubscription("exp/#", MqttQualityOfService.AtLeastOnce)] });
            Assert.IsType<SubAckPacket>(await away.ReceiveAsync());
            await away.SendAsync(DisconnectPacket.Normal);
        }

        await using var publisher = await broker.ConnectRawAsync();
        await publisher.ConnectAsync(MqttProtocolVersion.V500, "monitor");
        ushort id = 1;
        foreach (var (text, expiry) in new[] { ("short", 10u), ("long", 100u) })
        {
            await publisher.SendAsync(new PublishPacket
            {
                Topic = "exp/" + text,
                Payload = Encoding.UTF8.GetBytes(text),
                QualityOfService = MqttQualityOfService.AtLeastOnce,
                PacketId = id++,
                Properties = new MqttProperties { MessageExpiryInterval = expiry },
            });
            Assert.IsType<PubAckPacket>(await publisher.ReceiveAsync());
        }

        clock.Advance(TimeSpan.FromSeconds(20));
        await using var back = await broker.ConnectRawAsync();
        Assert.True((await back.ConnectAsync(MqttProtocolVersion.V500, "screen", cleanStart: false, properties: persistent)).SessionPresent);
        var publish = Assert.IsType<PublishPacket>(await back.ReceiveAsync());
        Assert.Equal(("exp/long", 80u), (publish.Topic, publish.Properties?.MessageExpiryInterval));
        Assert.True(await back.IsSilentAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(1, broker.Metrics.Drops["message_expired"]);
    }

    /// <summary>Wall clock moved by the test; timers stay real (keep-alive is not under test here).</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private TimeSpan _offset;

        public void Advance(TimeSpan by) => _offset += by;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;
    }
}
