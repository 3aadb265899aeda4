using TelemetryGateway.Mqtt.Client;
using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Tests.Infrastructure;

namespace TelemetryGateway.Mqtt.Tests.Client;

/// <summary>Persistent sessions, reconnection, exactly-once, ack-after-handler (MQTT 5.0 §4.1, §4.3, §4.4).</summary>
public sealed class SessionTests
{
    public static TheoryData<MqttProtocolVersion> Versions => new() { MqttProtocolVersion.V311, MqttProtocolVersion.V500 };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task PersistentSessionResumedByANewInstanceGetsWhatWasPublishedMeanwhile(MqttProtocolVersion version)
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var clientId = "tg-persistent-" + version;
        var options = ClientHarness.Options(broker, version, clientId);
        options = Persist(options);

        await using (var first = await ClientHarness.ConnectAsync(options))
        {
            await first.SubscribeAsync("ward/+/qos1", MqttQualityOfService.AtLeastOnce);
            await first.SubscribeAsync("ward/+/qos2", MqttQualityOfService.ExactlyOnce);
        }

        // While no client is connected, mosquitto queues QoS 1 and 2 for the session (§4.1);
        // QoS 0 is not queued for an offline client.
        var endpoint = MosquittoEndpoint.Plain(broker, version);
        await MosquittoClients.PublishAsync(endpoint, "ward/3/qos1", "a", MqttQualityOfService.AtLeastOnce);
        await MosquittoClients.PublishAsync(endpoint, "ward/3/qos2", "b", MqttQualityOfService.ExactlyOnce);
        await MosquittoClients.PublishAsync(endpoint, "ward/3/qos1", "c", MqttQualityOfService.AtLeastOnce);

        var resumed = new ClientHarness(options with { CleanStart = false });
        await using (resumed)
        {
            using var cts = new CancellationTokenSource(ClientHarness.Timeout);
            await resumed.Client.ConnectAsync(cts.Token);
            var messages = await resumed.NextAsync(3);
            Assert.Equal(["ward/3/qos1 a", "ward/3/qos2 b", "ward/3/qos1 c"],
                messages.Select(m => $"{m.Topic} {System.Text.Encoding.UTF8.GetString(m.Payload.Span)}"));
            Assert.Equal([MqttQualityOfService.AtLeastOnce, MqttQualityOfService.ExactlyOnce, MqttQualityOfService.AtLeastOnce],
                messages.Select(m => m.QualityOfService));
            await resumed.AssertQuietAsync(TimeSpan.FromMilliseconds(300));

            // The session still holds the subscriptions: nothing was subscribed again.
            await MosquittoClients.PublishAsync(endpoint, "ward/4/qos2", "d", MqttQualityOfService.ExactlyOnce);
            Assert.Equal("ward/4/qos2", (await resumed.NextAsync()).Topic);
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task ReconnectsAfterMosquittoRestartsAndLosesNothing(MqttProtocolVersion version)
    {
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Persistence = true });
        var options = Persist(ClientHarness.Options(broker, version, "tg-restart-" + version));
        await using var receiver = await ClientHarness.ConnectAsync(options);
        await receiver.SubscribeAsync("restart/#", MqttQualityOfService.AtLeastOnce);
        await using var sender = await ClientHarness.ConnectAsync(Persist(ClientHarness.Options(broker, version, "tg-restart-sender-" + version)));

        await sender.PublishAsync("restart/before", "1", MqttQualityOfService.AtLeastOnce);
        Assert.Equal("restart/before", (await receiver.NextAsync()).Topic);

        await broker.StopAsync();
        // Published while the server is down: waits in the client, goes out after reconnection.
        var during = Enumerable.Range(0, 20)
            .Select(i => sender.PublishAsync("restart/during", i.ToString(System.Globalization.CultureInfo.InvariantCulture), MqttQualityOfService.AtLeastOnce))
            .ToList();
        await Task.Delay(300);
        await broker.RestartAsync();

        var results = await Task.WhenAll(during).WaitAsync(ClientHarness.Timeout);
        Assert.All(results, r => Assert.True(r.Succeeded));
        var received = await receiver.NextAsync(20);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            received.Select(m => System.Text.Encoding.UTF8.GetString(m.Payload.Span)));
        Assert.True(sender.Client.Counters.Reconnects >= 1);
        Assert.True(receiver.Client.Counters.Reconnects >= 1);
    }

    [Fact]
    public async Task ResubscribesWhenTheRestartedServerHasNoSession()
    {
        // Without persistence mosquitto forgets every session on restart: the client must
        // notice (CONNACK session present 0) and subscribe again by itself.
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Persistence = false });
        var options = Persist(ClientHarness.Options(broker, MqttProtocolVersion.V500));
        await using var client = await ClientHarness.ConnectAsync(options);
        await client.SubscribeAsync("again/#", MqttQualityOfService.AtLeastOnce);
        var connects = client.Client.Counters.Connects;

        await broker.RestartAsync();
        await client.WaitUntilAsync(() => client.Client.Counters.Connects > connects && client.Client.IsConnected, "reconnection");
        // The SUBACK is not awaited by the client: retry the publish until the subscription is active.
        var endpoint = MosquittoEndpoint.Plain(broker, MqttProtocolVersion.V500);
        using var cts = new CancellationTokenSource(ClientHarness.Timeout);
        var nextTask = client.NextAsync();
        while (!nextTask.IsCompleted)
        {
            await MosquittoClients.PublishAsync(endpoint, "again/x", "hello", MqttQualityOfService.AtLeastOnce);
            await Task.WhenAny(nextTask, Task.Delay(200, cts.Token));
        }

        Assert.Equal("again/x", (await nextTask).Topic);
    }

    [Fact]
    public async Task QoS2ResentAfterAConnectionLossIsDeliveredExactlyOnce()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        MqttClient? self = null;
        var calls = 0;
        var options = Persist(ClientHarness.Options(broker, MqttProtocolVersion.V500));
        await using var client = await ClientHarness.ConnectAsync(options, async message =>
        {
            // The first delivery succeeds, but the connection dies before PUBREC leaves:
            // mosquitto must send the PUBLISH again (DUP) and we must not deliver it twice.
            if (Interlocked.Increment(ref calls) == 1)
            {
                await self!.AbortConnectionAsync(stop: false);
            }
        });
        self = client.Client;
        await client.SubscribeAsync("once/#", MqttQualityOfService.ExactlyOnce);

        await MosquittoClients.PublishAsync(MosquittoEndpoint.Plain(broker, MqttProtocolVersion.V500), "once/x", "dose", MqttQualityOfService.ExactlyOnce);
        Assert.Equal("once/x", (await client.NextAsync()).Topic);
        await client.WaitUntilAsync(() => client.Client.Counters.DuplicatesSuppressed == 1, "the re-sent PUBLISH");
        await client.WaitUntilAsync(() => client.Client.Session.IncomingQos2Pending == 0, "PUBREL after the re-sent PUBREC");
        await client.AssertQuietAsync(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, Volatile.Read(ref calls));
        Assert.Single(client.All);
    }

    [Fact]
    public async Task QoS1IsAcknowledgedOnlyAfterTheHandlerSucceeded()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var attempts = 0;
        var options = Persist(ClientHarness.Options(broker, MqttProtocolVersion.V311));
        await using var client = await ClientHarness.ConnectAsync(options, message =>
        {
            // The durable store fails once: no PUBACK, so mosquitto delivers again.
            if (Interlocked.Increment(ref attempts) == 1)
            {
                throw new IOException("disk full");
            }

            return ValueTask.CompletedTask;
        });
        await client.SubscribeAsync("ack/#", MqttQualityOfService.AtLeastOnce);
        await MosquittoClients.PublishAsync(MosquittoEndpoint.Plain(broker, MqttProtocolVersion.V311), "ack/x", "bp", MqttQualityOfService.AtLeastOnce);

        var message = await client.NextAsync();
        Assert.Equal("ack/x", message.Topic);
        Assert.True(message.Duplicate);
        Assert.Equal(2, Volatile.Read(ref attempts));
        Assert.Equal(1, client.Client.Counters.HandlerFailures);
        await client.AssertQuietAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task QoS1AcknowledgementGoesOnlyOnTheConnectionTheMessageArrivedOn()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        MqttClient? self = null;
        var calls = 0;
        var options = Persist(ClientHarness.Options(broker, MqttProtocolVersion.V311));
        await using var client = await ClientHarness.ConnectAsync(options, async message =>
        {
            // The first delivery is still being made durable when its connection drops and a new one is up
            // (mosquitto already re-sent the message there). Its PUBACK must not go out on the new connection,
            // where the identifier belongs to the re-sent copy (§2.2.1, §4.4).
            if (Interlocked.Increment(ref calls) == 1)
            {
                var reconnects = self!.Counters.Reconnects;
                await self.AbortConnectionAsync(stop: false);
                using var wait = new CancellationTokenSource(ClientHarness.Timeout);
                while (self.Counters.Reconnects == reconnects || !self.IsConnected)
                {
                    await Task.Delay(20, wait.Token);
                }
            }
        });
        self = client.Client;
        await client.SubscribeAsync("arrived/#", MqttQualityOfService.AtLeastOnce);

        await MosquittoClients.PublishAsync(MosquittoEndpoint.Plain(broker, MqttProtocolVersion.V311), "arrived/x", "spo2", MqttQualityOfService.AtLeastOnce);

        Assert.False((await client.NextAsync()).Duplicate);
        var again = await client.NextAsync();
        Assert.Equal("arrived/x", again.Topic);
        Assert.True(again.Duplicate);
        Assert.Equal(1, client.Client.Counters.AcknowledgementsDropped);
        // The copy was acknowledged on its own connection: mosquitto sends nothing more.
        await client.AssertQuietAsync(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task OutgoingInFlightMessagesSurviveAClientRestartWithTheSessionHandedOver()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var subscriber = await MosquittoClients.SubscribeAsync(MosquittoEndpoint.Plain(broker, MqttProtocolVersion.V500), "handover/#", MqttQualityOfService.ExactlyOnce);
        var options = Persist(ClientHarness.Options(broker, MqttProtocolVersion.V500, "tg-handover"));
        MqttClientSession session;
        await using (var first = await ClientHarness.ConnectAsync(options))
        {
            // Freeze mosquitto so the QoS 2 publication stays unacknowledged, then "crash".
            await broker.PauseAsync();
            try
            {
                _ = first.PublishAsync("handover/x", "ecg", MqttQualityOfService.ExactlyOnce);
                await first.WaitUntilAsync(() => first.Client.Session.OutgoingInflight == 1, "in flight");
                await first.Client.AbortConnectionAsync(stop: true);
            }
            finally
            {
                await broker.ResumeAsync();
            }

            session = first.Client.Session;
            Assert.Equal(1, session.OutgoingInflight);
        }

        await using var second = await ClientHarness.ConnectAsync(options with { CleanStart = false, Session = session });
        var received = await subscriber.WaitForMessagesAsync(1, ClientHarness.Timeout);
        Assert.Equal("handover/x ecg", $"{received[0].Topic} {received[0].Text}");
        await second.WaitUntilAsync(() => second.Client.Session.OutgoingInflight == 0, "PUBCOMP");
        await Task.Delay(300);
        Assert.Single(subscriber.Messages);
    }

    /// <summary>Clean Start 0 and, for 5.0, a session that outlives the connection.</summary>
    private static MqttClientOptions Persist(MqttClientOptions options) => options with
    {
        CleanStart = false,
        SessionExpirySeconds = options.ProtocolVersion == MqttProtocolVersion.V500 ? 3600u : 0u,
    };
}
