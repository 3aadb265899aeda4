using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Tests.Infrastructure;

namespace TelemetryGateway.Mqtt.Tests.Broker;

/// <summary>
/// Our broker against real clients: Debian's mosquitto_pub and mosquitto_sub, MQTT 3.1.1 and
/// 5.0. Every case runs for both protocol levels.
/// </summary>
public sealed class BrokerWithMosquittoClientsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<MqttProtocolVersion> Versions => new() { MqttProtocolVersion.V311, MqttProtocolVersion.V500 };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task QoS012AreDeliveredAtTheLowerOfPublishAndSubscription(MqttProtocolVersion version)
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var endpoint = broker.Endpoint(version);
        await using var exactly = await MosquittoClients.SubscribeAsync(endpoint, "vitals/#", MqttQualityOfService.ExactlyOnce);
        await using var once = await MosquittoClients.SubscribeAsync(endpoint, "vitals/#", MqttQualityOfService.AtLeastOnce);

        await MosquittoClients.PublishAsync(endpoint, "vitals/hr", "q0", MqttQualityOfService.AtMostOnce);
        await MosquittoClients.PublishAsync(endpoint, "vitals/hr", "q1", MqttQualityOfService.AtLeastOnce);
        await MosquittoClients.PublishAsync(endpoint, "vitals/hr", "q2", MqttQualityOfService.ExactlyOnce);

        var received = await exactly.WaitForMessagesAsync(3, Timeout);
        Assert.Equal(["q0 0", "q1 1", "q2 2"], received.Select(m => $"{m.Text} {(int)m.QualityOfService}"));
        received = await once.WaitForMessagesAsync(3, Timeout);
        Assert.Equal(["q0 0", "q1 1", "q2 1"], received.Select(m => $"{m.Text} {(int)m.QualityOfService}"));
        Assert.All(received, m => Assert.False(m.Retain));
        Assert.Equal(3, broker.Metrics.MessagesReceived);
        Assert.Equal(6, broker.Metrics.MessagesSent);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task RetainedMessagesAreSetReplacedDeletedAndSentOnSubscribe(MqttProtocolVersion version)
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var endpoint = broker.Endpoint(version);
        await MosquittoClients.PublishAsync(endpoint, "unit/A1/position", "first", MqttQualityOfService.AtLeastOnce, retain: true);
        await MosquittoClients.PublishAsync(endpoint, "unit/A1/position", "second", MqttQualityOfService.AtLeastOnce, retain: true);
        await MosquittoClients.PublishAsync(endpoint, "unit/A2/position", "other", MqttQualityOfService.AtMostOnce, retain: true);
        await MosquittoClients.PublishAsync(endpoint, "unit/A3/position", "gone", MqttQualityOfService.AtMostOnce, retain: true);
        // §3.3.1.3: a retained message with an empty payload deletes the topic's retained message.
        await MosquittoClients.PublishAsync(endpoint, "unit/A3/position", "", MqttQualityOfService.AtMostOnce, retain: true);

        await using (var subscriber = await MosquittoClients.SubscribeAsync(endpoint, "unit/+/position", MqttQualityOfService.AtLeastOnce))
        {
            var retained = await subscriber.WaitForMessagesAsync(2, Timeout);
            Assert.Equal(["unit/A1/position second 1 True", "unit/A2/position other 0 True"],
                retained.Select(m => $"{m.Topic} {m.Text} {(int)m.QualityOfService} {m.Retain}"));

            // A live message on an established subscription arrives with RETAIN 0 (§3.3.1.3).
            await MosquittoClients.PublishAsync(endpoint, "unit/A1/position", "third", MqttQualityOfService.AtLeastOnce, retain: true);
            var all = await subscriber.WaitForMessagesAsync(3, Timeout);
            Assert.Equal("unit/A1/position third False", $"{all[2].Topic} {all[2].Text} {all[2].Retain}");
        }

        Assert.Equal(2, broker.Broker.RetainedCount);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task WildcardsMatchByLevelAndNotDollarTopics(MqttProtocolVersion version)
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var endpoint = broker.Endpoint(version);
        await using var plus = await MosquittoClients.SubscribeAsync(endpoint, "ambulance/+/vitals", MqttQualityOfService.AtLeastOnce);
        await using var hash = await MosquittoClients.SubscribeAsync(endpoint, "#", MqttQualityOfService.AtLeastOnce);

        await MosquittoClients.PublishAsync(endpoint, "$internal/status", "dollar", MqttQualityOfService.AtLeastOnce);
        await MosquittoClients.PublishAsync(endpoint, "ambulance/A1/vitals/ecg", "deep", MqttQualityOfService.AtLeastOnce);
        await MosquittoClients.PublishAsync(endpoint, "ambulance/A1/vitals", "one", MqttQualityOfService.AtLeastOnce);
        await MosquittoClients.PublishAsync(endpoint, "ambulance/B7/vitals", "two", MqttQualityOfService.AtLeastOnce);

        Assert.Equal(["one", "two"], (await plus.WaitForMessagesAsync(2, Timeout)).Select(m => m.Text));
        // §4.7.2: "#" does not match "$internal/status"; every other topic arrives, in order.
        Assert.Equal(["deep", "one", "two"], (await hash.WaitForMessagesAsync(3, Timeout)).Select(m => m.Text));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task PersistentSessionReceivesWhatWasQueuedWhileAway(MqttProtocolVersion version)
    {
        await using var broker = await EmbeddedBroker.StartAsync(o => o.MaximumQueuedMessages = 4);
        var endpoint = broker.Endpoint(version);
        string[] persistent = version == MqttProtocolVersion.V500
            ? ["-c", "-i", "medic-screen", "-x", "300"]
            : ["-c", "-i", "medic-screen"];
        await using (await MosquittoClients.SubscribeAsync(endpoint, "ward/#", MqttQualityOfService.ExactlyOnce, persistent))
        {
            // Killed below by dispose: an abrupt disconnect, the session stays.
        }

        for (var i = 1; i <= 6; i++)
        {
            var qos = i % 2 == 0 ? MqttQualityOfService.ExactlyOnce : MqttQualityOfService.AtLeastOnce;
            await MosquittoClients.PublishAsync(endpoint, "ward/bed" + i, "m" + i, qos);
        }

        // QoS 0 is not queued for an absent client (5.0 §4.1 allows dropping it).
        await MosquittoClients.PublishAsync(endpoint, "ward/bed0", "q0", MqttQualityOfService.AtMostOnce);

        await using var back = await MosquittoClients.SubscribeAsync(endpoint, "ward/#", MqttQualityOfService.ExactlyOnce, persistent);
        var received = await back.WaitForMessagesAsync(4, Timeout);
        // The queue holds 4: the first four are kept, the other two dropped and counted. The
        // broker sends them in order; libmosquitto hands a QoS 2 message to mosquitto_sub only at
        // PUBREL, so the printed order interleaves by QoS and is compared per QoS level.
        Assert.Equal(["m1 1", "m3 1"], received.Where(m => m.QualityOfService == MqttQualityOfService.AtLeastOnce).Select(m => $"{m.Text} 1"));
        Assert.Equal(["m2 2", "m4 2"], received.Where(m => m.QualityOfService == MqttQualityOfService.ExactlyOnce).Select(m => $"{m.Text} 2"));
        Assert.Equal(2, broker.Metrics.Drops["session_queue_full"]);
        await MosquittoClients.PublishAsync(endpoint, "ward/bed9", "after", MqttQualityOfService.AtLeastOnce);
        Assert.Equal("after", (await back.WaitForMessagesAsync(5, Timeout))[4].Text);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task WillIsPublishedOnAbruptDisconnectButNotAfterDisconnect(MqttProtocolVersion version)
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var endpoint = broker.Endpoint(version);
        await using var watcher = await MosquittoClients.SubscribeAsync(endpoint, "status/#", MqttQualityOfService.AtLeastOnce);

        // mosquitto_pub ends with DISCONNECT: its will must not be published (§3.1.2.5).
        await MosquittoClients.PublishAsync(endpoint, "status/pub", "online", MqttQualityOfService.AtLeastOnce, false,
            "--will-topic", "status/pub", "--will-payload", "pub-lost", "--will-qos", "1");
        var monitor = await MosquittoClients.SubscribeAsync(endpoint, "unused/topic", MqttQualityOfService.AtMostOnce,
            "--will-topic", "status/monitor", "--will-payload", "monitor-lost", "--will-qos", "1", "--will-retain");
        await monitor.DisposeAsync(); // SIGKILL: the TCP connection drops without DISCONNECT.

        var received = await watcher.WaitForMessagesAsync(2, Timeout);
        Assert.Equal(["status/pub online", "status/monitor monitor-lost"], received.Select(m => $"{m.Topic} {m.Text}"));
        // The will was retained: a later subscriber learns the monitor is gone.
        await using var late = await MosquittoClients.SubscribeAsync(endpoint, "status/monitor", MqttQualityOfService.AtLeastOnce);
        Assert.Equal("monitor-lost", (await late.WaitForMessagesAsync(1, Timeout))[0].Text);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task LargePayloadAndTenThousandMessagesInOrder(MqttProtocolVersion version)
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var endpoint = broker.Endpoint(version);
        await using var subscriber = await MosquittoClients.SubscribeAsync(endpoint, "bulk/#", MqttQualityOfService.AtLeastOnce);

        var payload = new byte[256 * 1024];
        new Random(4).NextBytes(payload);
        var file = Path.Combine(Path.GetTempPath(), $"tg-mqtt-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(file, payload);
        try
        {
            await MosquittoClients.PublishFileAsync(endpoint, "bulk/ecg", file, MqttQualityOfService.AtLeastOnce);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Equal(payload, (await subscriber.WaitForMessagesAsync(1, Timeout))[0].Payload);

        const int count = 10_000;
        await MosquittoClients.PublishLinesAsync(endpoint, "bulk/seq", Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            MqttQualityOfService.AtLeastOnce);
        var received = await subscriber.WaitForMessagesAsync(count + 1, TimeSpan.FromSeconds(120));
        Assert.Equal(Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            received.Skip(1).Select(m => m.Text));
        Assert.Equal(0, broker.Metrics.MessagesDropped);
    }
}
