using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Tests.Infrastructure;

/// <summary>The fixture itself works with mosquitto's own clients, so a failure elsewhere is about our code.</summary>
public sealed class MosquittoFixtureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task PlainTlsAndPasswordListenersCarryMessages()
    {
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions
        {
            AllowAnonymous = false,
            Users = new Dictionary<string, string> { ["medic"] = "s3cret", ["other"] = "x" },
            Tls = true,
            RequireClientCertificate = true,
        });
        var plain = MosquittoEndpoint.Plain(broker, MqttProtocolVersion.V311) with { UserName = "medic", Password = "s3cret" };
        var secure = MosquittoEndpoint.Secure(broker, MqttProtocolVersion.V500, clientCertificate: true) with { UserName = "medic", Password = "s3cret" };

        await using var subscriber = await MosquittoClients.SubscribeAsync(plain, "fixture/#", MqttQualityOfService.ExactlyOnce);
        await MosquittoClients.PublishAsync(plain, "fixture/plain", "one", MqttQualityOfService.AtLeastOnce);
        await MosquittoClients.PublishAsync(secure, "fixture/tls", "two", MqttQualityOfService.ExactlyOnce);
        var messages = await subscriber.WaitForMessagesAsync(2, Timeout);
        Assert.Equal(["fixture/plain one", "fixture/tls two"], messages.Select(m => $"{m.Topic} {m.Text}"));
        Assert.Equal(MqttQualityOfService.ExactlyOnce, messages[1].QualityOfService);

        // A wrong password is refused: the fixture really enforces what it was asked to.
        await Assert.ThrowsAsync<InvalidOperationException>(() => MosquittoClients.PublishAsync(
            plain with { Password = "wrong" }, "fixture/plain", "three"));
    }
}
