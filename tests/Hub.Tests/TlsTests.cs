using TelemetryGateway.Contracts;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Grpc;
using TelemetryGateway.Grpc.Client;
using TelemetryGateway.Hub.Tests.Infrastructure;

namespace TelemetryGateway.Hub.Tests;

/// <summary>https:// GrpcUrl with a client CA: gateways authenticate with a certificate naming them, or a secret.</summary>
public sealed class TlsTests : IAsyncLifetime, IDisposable
{
    private readonly TestPki _pki = new();
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.StartAsync(settings =>
    {
        settings["Hub:GrpcUrl"] = "https://localhost:0";
        settings["Hub:Tls:CertificatePath"] = _pki.ServerCertPath;
        settings["Hub:Tls:KeyPath"] = _pki.ServerKeyPath;
        settings["Hub:Tls:ClientCaPath"] = _pki.CaPath;
    });

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task A_client_certificate_naming_the_gateway_replaces_the_secret()
    {
        using var certificate = _pki.Issue(TestHub.Gateway1);
        await using var gateway = await ConnectAsync(certificate, TestHub.Gateway1, secret: "");

        Assert.Equal("https", _hub.Host.GrpcAddress.Scheme);
        Assert.Equal("test-hub", gateway.Welcome.HubId);
        Assert.Equal([1L], Readings.Acknowledged(await gateway.SendAndAckAsync(Readings.Series("cuff-1", 1, 1))));
    }

    [Fact]
    public async Task A_certificate_of_another_gateway_needs_the_claimed_gateways_secret()
    {
        using var certificate = _pki.Issue(TestHub.Gateway2);

        var error = await Assert.ThrowsAsync<RpcException>(() => ConnectAsync(certificate, TestHub.Gateway1, secret: ""));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(1, _hub.Host.Metrics.AuthFailures(AuthFailure.WrongSecret));

        await using var withSecret = await ConnectAsync(certificate, TestHub.Gateway1, TestHub.Secret1);
        Assert.Equal("test-hub", withSecret.Welcome.HubId);
    }

    [Fact]
    public async Task A_revoked_gateway_is_refused_even_with_its_certificate()
    {
        using var certificate = _pki.Issue(TestHub.RevokedGateway);

        var error = await Assert.ThrowsAsync<RpcException>(() => ConnectAsync(certificate, TestHub.RevokedGateway, secret: ""));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(1, _hub.Host.Metrics.AuthFailures(AuthFailure.Revoked));
    }

    private async Task<TestGateway> ConnectAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, string gatewayId, string secret)
    {
        var channel = GrpcChannel.ForAddress(_hub.Host.GrpcAddress, new GrpcChannelOptions
        {
            ServerCertificateAuthority = _pki.Ca,
            ClientCertificate = certificate,
        });
        var gateway = TestGateway.Attach(channel, channel.AsyncDuplexStreamingCall(IngestServiceDescriptor.Stream));
        try
        {
            await gateway.HandshakeAsync(gatewayId, secret);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }
}
