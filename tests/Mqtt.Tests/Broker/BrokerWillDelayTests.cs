using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Tests.Infrastructure;

namespace TelemetryGateway.Mqtt.Tests.Broker;

/// <summary>MQTT 5.0 §3.1.3.2.2 Will Delay Interval: a client back within the delay cancels its will.</summary>
public sealed class BrokerWillDelayTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task DelayedWillIsCancelledByAReturnAndPublishedOtherwise()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        await using var watcher = await MosquittoClients.SubscribeAsync(broker.Endpoint(MqttProtocolVersion.V500), "status/#", MqttQualityOfService.AtLeastOnce);
        var will = MonitorWill(delaySeconds: 5);
        var persistent = new MqttProperties { SessionExpiryInterval = 60 };

        var first = await broker.ConnectRawAsync();
        await first.ConnectAsync(MqttProtocolVersion.V500, "monitor", cleanStart: false, will: will, properties: persistent);
        first.Abort();
        await first.DisposeAsync();
        // Back well within the 5 s delay (room for a loaded machine): the will of the dropped connection is not published.
        await using var second = await broker.ConnectRawAsync();
        await second.ConnectAsync(MqttProtocolVersion.V500, "monitor", cleanStart: false, will: will, properties: persistent);
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Empty(watcher.Messages);

        second.Abort();
        var started = DateTime.UtcNow;
        var received = await watcher.WaitForMessagesAsync(1, Timeout);
        Assert.Equal("monitor-lost", received[0].Text);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ADelayedWillIsNotPublishedWhenTheReturningClientTakesTheSessionOverFromItsOldConnection()
    {
        // The order a loaded broker can see: the client's new connection arrives while the old one is still open,
        // takes the session over, and only then is the old connection's close handled.
        await using var broker = await EmbeddedBroker.StartAsync();
        await using var watcher = await MosquittoClients.SubscribeAsync(broker.Endpoint(MqttProtocolVersion.V500), "status/#", MqttQualityOfService.AtLeastOnce);
        var will = MonitorWill(delaySeconds: 2);
        var persistent = new MqttProperties { SessionExpiryInterval = 60 };

        await using var first = await broker.ConnectRawAsync();
        await first.ConnectAsync(MqttProtocolVersion.V500, "monitor", cleanStart: false, will: will, properties: persistent);
        await using var second = await broker.ConnectRawAsync();
        await second.ConnectAsync(MqttProtocolVersion.V500, "monitor", cleanStart: false, will: will, properties: persistent);

        // Past the 2 s delay with room: nothing. Then the marker, published after, is the first message the watcher sees.
        await Task.Delay(TimeSpan.FromSeconds(4));
        await MosquittoClients.PublishAsync(broker.Endpoint(MqttProtocolVersion.V500), "status/marker", "after", MqttQualityOfService.AtLeastOnce);
        var received = await watcher.WaitForMessagesAsync(1, Timeout);
        Assert.Equal("status/marker", received[0].Topic);
    }

    private static MqttWill MonitorWill(uint delaySeconds) => new()
    {
        Topic = "status/monitor",
        Payload = "monitor-lost"u8.ToArray(),
        QualityOfService = MqttQualityOfService.AtLeastOnce,
        Properties = new MqttProperties { WillDelayInterval = delaySeconds },
    };
}
