using System.Diagnostics;
using TelemetryGateway.Mqtt.Client;
using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Tests.Infrastructure;

namespace TelemetryGateway.Mqtt.Tests.Client;

/// <summary>Will, credentials, TLS, keep alive, large and many messages: our client against mosquitto.</summary>
public sealed class ConnectionFeatureTests
{
    public static TheoryData<MqttProtocolVersion> Versions => new() { MqttProtocolVersion.V311, MqttProtocolVersion.V500 };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task WillIsPublishedWhenTheConnectionDropsWithoutDisconnect(MqttProtocolVersion version)
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var endpoint = MosquittoEndpoint.Plain(broker, version);
        await using var subscriber = await MosquittoClients.SubscribeAsync(endpoint, "ambulance/+/status", MqttQualityOfService.AtLeastOnce);
        var options = ClientHarness.Options(broker, version) with
        {
            Will = new MqttWill { Topic = "ambulance/A7/status", Payload = "lost"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce },
            AutoReconnect = false,
        };

        // A graceful DISCONNECT discards the will (§3.14.4)…
        await using (await ClientHarness.ConnectAsync(options))
        {
        }

        // …an abrupt loss of the connection publishes it (§3.1.2.5).
        var crashing = await ClientHarness.ConnectAsync(options);
        await crashing.Client.AbortConnectionAsync(stop: true);
        var will = Assert.Single(await subscriber.WaitForMessagesAsync(1, ClientHarness.Timeout));
        Assert.Equal("ambulance/A7/status lost", $"{will.Topic} {will.Text}");
        await Task.Delay(300);
        Assert.Single(subscriber.Messages);
        await crashing.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task UserNameAndPassword(MqttProtocolVersion version)
    {
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions
        {
            AllowAnonymous = false,
            Users = new Dictionary<string, string> { ["gateway"] = "pa55-word" },
        });
        var options = ClientHarness.Options(broker, version) with { UserName = "gateway", Password = "pa55-word"u8.ToArray() };
        await using (var client = await ClientHarness.ConnectAsync(options))
        {
            Assert.True((await client.PublishAsync("auth/ok", "1", MqttQualityOfService.AtLeastOnce)).Succeeded);
        }

        var refused = await Assert.ThrowsAsync<MqttConnectException>(() =>
            ClientHarness.ConnectAsync(options with { Password = "wrong"u8.ToArray() }));
        Assert.True(refused.ReasonCode is MqttReasonCode.BadUserNameOrPassword or MqttReasonCode.NotAuthorized, refused.ReasonCode.ToString());
        var anonymous = await Assert.ThrowsAsync<MqttConnectException>(() =>
            ClientHarness.ConnectAsync(options with { UserName = null, Password = null }));
        Assert.True(anonymous.ReasonCode.IsFailure());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task TlsWithTheTestCaAndAClientCertificate(MqttProtocolVersion version)
    {
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Tls = true, RequireClientCertificate = true });
        var tlsEndpoint = MosquittoEndpoint.Secure(broker, version, clientCertificate: true);
        await using var subscriber = await MosquittoClients.SubscribeAsync(tlsEndpoint, "secure/#", MqttQualityOfService.AtLeastOnce);
        var options = ClientHarness.Options(broker, version) with { Port = broker.TlsPort, Tls = ClientHarness.Tls(clientCertificate: true) };
        await using var client = await ClientHarness.ConnectAsync(options);
        await client.SubscribeAsync("secure/in", MqttQualityOfService.ExactlyOnce);

        await client.PublishAsync("secure/out", "spo2=91", MqttQualityOfService.AtLeastOnce);
        Assert.Equal("spo2=91", (await subscriber.WaitForMessagesAsync(1, ClientHarness.Timeout))[0].Text);
        await MosquittoClients.PublishAsync(tlsEndpoint, "secure/in", "hr=130", MqttQualityOfService.ExactlyOnce);
        Assert.Equal("hr=130", System.Text.Encoding.UTF8.GetString((await client.NextAsync()).Payload.Span));

        // Without the client certificate mosquitto refuses the handshake.
        var noCertificate = options with { Tls = ClientHarness.Tls(clientCertificate: false), ConnectTimeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAnyAsync<Exception>(() => ClientHarness.ConnectAsync(noCertificate));
        // A server certificate from another CA is refused by our side.
        var wrongCa = options with
        {
            Tls = ClientHarness.Tls(clientCertificate: true) with { CaCertificate = null, ServerCertificateValidation = (_, _, _, _) => false },
        };
        await Assert.ThrowsAsync<System.Security.Authentication.AuthenticationException>(() => ClientHarness.ConnectAsync(wrongCa));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task QuarterMebibytePayloadBothWays(MqttProtocolVersion version)
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var endpoint = MosquittoEndpoint.Plain(broker, version);
        var payload = new byte[256 * 1024];
        new Random(11).NextBytes(payload);
        await using var subscriber = await MosquittoClients.SubscribeAsync(endpoint, "big/out", MqttQualityOfService.AtLeastOnce);
        await using var client = await ClientHarness.ConnectAsync(ClientHarness.Options(broker, version));
        await client.SubscribeAsync("big/in", MqttQualityOfService.AtLeastOnce);

        using var cts = new CancellationTokenSource(ClientHarness.Timeout);
        await client.Client.PublishAsync(new MqttApplicationMessage { Topic = "big/out", Payload = payload, QualityOfService = MqttQualityOfService.AtLeastOnce }, cts.Token);
        Assert.Equal(payload, (await subscriber.WaitForMessagesAsync(1, ClientHarness.Timeout))[0].Payload);

        var file = Path.Combine(broker.Directory, "payload.bin");
        await File.WriteAllBytesAsync(file, payload);
        await MosquittoClients.PublishFileAsync(endpoint, "big/in", file, MqttQualityOfService.AtLeastOnce);
        Assert.Equal(payload, (await client.NextAsync()).Payload.ToArray());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task TenThousandMessagesInOrderBothWays(MqttProtocolVersion version)
    {
        const int Count = 10_000;
        await using var broker = await MosquittoBroker.StartAsync();
        var endpoint = MosquittoEndpoint.Plain(broker, version);
        await using var client = await ClientHarness.ConnectAsync(ClientHarness.Options(broker, version));
        await client.SubscribeAsync("seq/in", MqttQualityOfService.AtLeastOnce);

        // mosquitto_pub → mosquitto → our client.
        var watch = Stopwatch.StartNew();
        var lines = Enumerable.Range(0, Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var publishing = MosquittoClients.PublishLinesAsync(endpoint, "seq/in", lines, MqttQualityOfService.AtLeastOnce);
        var received = await client.NextAsync(Count);
        await publishing;
        var inbound = watch.Elapsed;
        Assert.Equal(lines, received.Select(m => System.Text.Encoding.UTF8.GetString(m.Payload.Span)));

        // our client → mosquitto → mosquitto_sub.
        await using var subscriber = await MosquittoClients.SubscribeAsync(endpoint, "seq/out", MqttQualityOfService.AtLeastOnce);
        watch.Restart();
        var publications = new List<Task<MqttPublishResult>>(Count);
        using var cts = new CancellationTokenSource(ClientHarness.Timeout * 2);
        for (var i = 0; i < Count; i++)
        {
            publications.Add(client.Client.PublishAsync(new MqttApplicationMessage
            {
                Topic = "seq/out",
                Payload = System.Text.Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                QualityOfService = MqttQualityOfService.AtLeastOnce,
            }, cts.Token));
        }

        Assert.All(await Task.WhenAll(publications), r => Assert.True(r.Succeeded));
        var outbound = watch.Elapsed;
        var delivered = await subscriber.WaitForMessagesAsync(Count, ClientHarness.Timeout * 2);
        Assert.Equal(lines, delivered.Select(m => m.Text));
        Console.WriteLine($"MQTT {version} 10k QoS 1: inbound {Count / inbound.TotalSeconds:F0} msg/s, outbound acked {Count / outbound.TotalSeconds:F0} msg/s");
    }

    /// <summary>
    /// A flood large enough that the client's reading thread wakes per batch (Transport/ReceiveBatching), then a lone
    /// small message: every message arrives, in order, and the last one is not held back waiting for a batch.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AFloodThenALoneMessageAllArriveInOrder(bool tls)
    {
        const int Count = 3_000;
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Tls = tls, RequireClientCertificate = tls });
        var endpoint = tls
            ? MosquittoEndpoint.Secure(broker, MqttProtocolVersion.V500, clientCertificate: true)
            : MosquittoEndpoint.Plain(broker, MqttProtocolVersion.V500);
        var options = ClientHarness.Options(broker, MqttProtocolVersion.V500);
        if (tls)
        {
            options = options with { Port = broker.TlsPort, Tls = ClientHarness.Tls(clientCertificate: true) };
        }

        await using var client = await ClientHarness.ConnectAsync(options);
        await client.SubscribeAsync("flood/#", MqttQualityOfService.AtLeastOnce);

        // 1 KiB messages: a burst of the broker's in-flight window is well over the flood threshold.
        var lines = Enumerable.Range(0, Count).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture).PadRight(1024, '.')).ToList();
        var publishing = MosquittoClients.PublishLinesAsync(endpoint, "flood/vitals", lines, MqttQualityOfService.AtLeastOnce);
        var received = await client.NextAsync(Count);
        await publishing;
        await MosquittoClients.PublishAsync(endpoint, "flood/last", "hr=88", MqttQualityOfService.AtMostOnce);
        var last = await client.NextAsync();

        Assert.Equal(lines, received.Select(m => System.Text.Encoding.UTF8.GetString(m.Payload.Span)));
        Assert.Equal("flood/last", last.Topic);
        Assert.Equal("hr=88", System.Text.Encoding.UTF8.GetString(last.Payload.Span));
    }

    [Fact]
    public async Task KeepAliveDetectsAHungServerAndReconnects()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var options = ClientHarness.Options(broker, MqttProtocolVersion.V500) with
        {
            KeepAlive = TimeSpan.FromSeconds(1),
            PingTimeout = TimeSpan.FromMilliseconds(800),
        };
        await using var client = await ClientHarness.ConnectAsync(options);
        await broker.PauseAsync();
        try
        {
            await client.WaitUntilAsync(() => client.Client.Counters.PingTimeouts >= 1, "ping timeout");
            Assert.False(client.Client.IsConnected);
        }
        finally
        {
            await broker.ResumeAsync();
        }

        await client.WaitUntilAsync(() => client.Client.IsConnected && client.Client.Counters.Reconnects >= 1, "reconnection");
        Assert.True((await client.PublishAsync("alive/again", "1", MqttQualityOfService.AtLeastOnce)).Succeeded);
    }
}
