using TelemetryGateway.Mqtt.Broker;
using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Tests.Infrastructure;

namespace TelemetryGateway.Mqtt.Tests.Broker;

/// <summary>TLS, user names and passwords, ACLs, anonymous clients and the connection limit, with mosquitto's clients.</summary>
public sealed class BrokerSecurityTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string MedicHash = MqttPasswordHash.Hash("s3cret");
    private static readonly string ViewerHash = MqttPasswordHash.Hash("look");

    public static TheoryData<MqttProtocolVersion> Versions => new() { MqttProtocolVersion.V311, MqttProtocolVersion.V500 };

    private static void Secure(MqttBrokerOptions options, bool requireClientCertificate)
    {
        var certificates = MqttTestCertificates.Shared;
        options.Tls = new MqttBrokerTlsOptions
        {
            Listen = "127.0.0.1:0",
            CertificatePath = certificates.ServerCertPath,
            KeyPath = certificates.ServerKeyPath,
            ClientCaPath = certificates.CaCertPath,
            RequireClientCertificate = requireClientCertificate,
        };
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task TlsListenerCarriesMessagesWithTheTestCa(MqttProtocolVersion version)
    {
        await using var broker = await EmbeddedBroker.StartAsync(o => Secure(o, requireClientCertificate: false));
        var secure = broker.SecureEndpoint(version, clientCertificate: false);
        await using var subscriber = await MosquittoClients.SubscribeAsync(secure, "tls/#", MqttQualityOfService.ExactlyOnce);
        await MosquittoClients.PublishAsync(secure, "tls/a", "over-tls", MqttQualityOfService.ExactlyOnce);
        await MosquittoClients.PublishAsync(broker.Endpoint(version), "tls/b", "over-tcp", MqttQualityOfService.AtLeastOnce);
        Assert.Equal(["over-tls", "over-tcp"], (await subscriber.WaitForMessagesAsync(2, Timeout)).Select(m => m.Text));
    }

    [Fact]
    public async Task RequiredClientCertificateIsEnforcedAndNamesTheUser()
    {
        await using var broker = await EmbeddedBroker.StartAsync(o =>
        {
            Secure(o, requireClientCertificate: true);
            o.Tls!.UseCertificateCommonNameAsUserName = true;
            o.AllowAnonymous = false;
            o.Acl = [new MqttAclRule { UserName = MqttTestCertificates.ClientName, Topic = "cert/#" }];
        });
        var withCertificate = broker.SecureEndpoint(MqttProtocolVersion.V500, clientCertificate: true);
        await using var subscriber = await MosquittoClients.SubscribeAsync(withCertificate, "cert/#", MqttQualityOfService.AtLeastOnce);
        await MosquittoClients.PublishAsync(withCertificate, "cert/x", "signed", MqttQualityOfService.AtLeastOnce);
        Assert.Equal("signed", (await subscriber.WaitForMessagesAsync(1, Timeout))[0].Text);

        await Assert.ThrowsAsync<InvalidOperationException>(() => MosquittoClients.PublishAsync(
            broker.SecureEndpoint(MqttProtocolVersion.V500, clientCertificate: false), "cert/x", "unsigned"));
        Assert.True(broker.Metrics.Refusals["tls_handshake"] >= 1);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task UsersPasswordsAndAclsDecideWhoReadsAndWritesWhat(MqttProtocolVersion version)
    {
        await using var broker = await EmbeddedBroker.StartAsync(o =>
        {
            o.AllowAnonymous = false;
            o.Users =
            [
                new MqttBrokerUser { UserName = "medic", PasswordHash = MedicHash },
                new MqttBrokerUser { UserName = "viewer", PasswordHash = ViewerHash },
            ];
            o.Acl =
            [
                new MqttAclRule { UserName = "medic", Topic = "ambulance/#", Access = MqttAccess.ReadWrite },
                new MqttAclRule { UserName = "viewer", Topic = "ambulance/+/vitals", Access = MqttAccess.Read },
            ];
        });
        var medic = broker.Endpoint(version) with { UserName = "medic", Password = "s3cret" };
        var viewer = broker.Endpoint(version) with { UserName = "viewer", Password = "look" };

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            MosquittoClients.PublishAsync(medic with { Password = "wrong" }, "ambulance/A1/vitals", "x"));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            MosquittoClients.PublishAsync(broker.Endpoint(version), "ambulance/A1/vitals", "anonymous"));
        Assert.Equal(1, broker.Metrics.Refusals["bad_credentials"]);
        Assert.Equal(1, broker.Metrics.Refusals["anonymous"]);

        await using var watcher = await MosquittoClients.SubscribeAsync(viewer, "ambulance/#", MqttQualityOfService.AtLeastOnce);
        // The viewer may not write; 3.1.1 acknowledges and drops, 5.0 answers 0x87 (mosquitto_pub
        // reports it but exits 0 for QoS 0). Either way nothing is delivered.
        await MosquittoClients.PublishAsync(viewer, "ambulance/A1/vitals", "forged", MqttQualityOfService.AtMostOnce);
        await MosquittoClients.PublishAsync(medic, "ambulance/A1/notes", "not-for-viewer", MqttQualityOfService.AtLeastOnce);
        await MosquittoClients.PublishAsync(medic, "ambulance/A1/vitals", "hr=88", MqttQualityOfService.AtLeastOnce);
        var received = await watcher.WaitForMessagesAsync(1, Timeout);
        Assert.Equal("ambulance/A1/vitals hr=88", $"{received[0].Topic} {received[0].Text}");
        Assert.Equal(1, broker.Metrics.Refusals["acl_write"]);
        Assert.Equal(1, broker.Metrics.Drops["acl_read"]);
        Assert.Single(watcher.Messages);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task AnonymousClientsAreRefusedUnlessAllowed(MqttProtocolVersion version)
    {
        await using (var closed = await EmbeddedBroker.StartAsync(o => o.AllowAnonymous = false))
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                MosquittoClients.PublishAsync(closed.Endpoint(version), "a/b", "x"));
            Assert.Contains("not authori", error.Message, StringComparison.OrdinalIgnoreCase);

            // The codec's CONNACK: 3.1.1 return code 5, 5.0 reason 0x87 (§3.2.2.3 / §3.2.2.2).
            await using var raw = await closed.ConnectRawAsync();
            var connAck = await raw.ConnectAsync(version, "anon");
            Assert.Equal(MqttReasonCode.NotAuthorized, connAck.ReasonCode);
            Assert.True(await raw.WaitForCloseAsync(Timeout));
        }

        await using var open = await EmbeddedBroker.StartAsync(o => o.AllowAnonymous = true);
        await using var subscriber = await MosquittoClients.SubscribeAsync(open.Endpoint(version), "a/#");
        await MosquittoClients.PublishAsync(open.Endpoint(version), "a/b", "welcome");
        Assert.Equal("welcome", (await subscriber.WaitForMessagesAsync(1, Timeout))[0].Text);
    }

    [Fact]
    public async Task ConnectionsBeyondTheLimitAreRefusedAndCounted()
    {
        await using var broker = await EmbeddedBroker.StartAsync(o => o.MaximumConnections = 1);
        await using var first = await broker.ConnectRawAsync();
        Assert.Equal(MqttReasonCode.Success, (await first.ConnectAsync(MqttProtocolVersion.V500, "first")).ReasonCode);

        await using var second = await broker.ConnectRawAsync();
        Assert.Equal(MqttReasonCode.QuotaExceeded, (await second.ConnectAsync(MqttProtocolVersion.V500, "second")).ReasonCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            MosquittoClients.PublishAsync(broker.Endpoint(MqttProtocolVersion.V311), "a", "b"));
        Assert.Equal(2, broker.Metrics.Refusals["connection_limit"]);

        // The admitted client is unaffected.
        await first.SendAsync(PingReqPacket.Instance);
        Assert.IsType<PingRespPacket>(await first.ReceiveAsync());
    }
}
