using System.Net;
using TelemetryGateway.Grpc.Client;
using TelemetryGateway.Grpc.Health;
using TelemetryGateway.Grpc.Tests.Infrastructure;
using TelemetryGateway.GrpcInterop;

namespace TelemetryGateway.Grpc.Tests.Interop;

/// <summary>Mutual TLS both ways with grpcio: a certificate from the test CA is required and accepted.</summary>
public sealed class MutualTlsTests
{
    private static readonly TestCertificates Certificates = TestCertificates.Shared;

    [Fact]
    public async Task Our_client_presents_its_certificate_to_a_grpcio_server_that_requires_one()
    {
        await using var server = await PythonPeer.StartServerAsync(Certificates, requireClientCertificate: true);

        using var withCertificate = GrpcChannel.ForAddress($"https://localhost:{server.Port}", new GrpcChannelOptions
        {
            ServerCertificateAuthority = Certificates.CaCertificate,
            ClientCertificate = Certificates.ClientCertificate,
        });
        await new InteropClient(withCertificate).RunAsync("large_unary").WaitAsync(TimeSpan.FromSeconds(30));

        using var without = GrpcChannel.ForAddress($"https://localhost:{server.Port}", new GrpcChannelOptions { ServerCertificateAuthority = Certificates.CaCertificate });
        var refused = await Assert.ThrowsAsync<RpcException>(() => new InteropClient(without).RunAsync("empty_unary").WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
    }

    [Fact]
    public async Task Our_server_requires_a_client_certificate_from_its_CA()
    {
        await using var server = await GrpcTestServer.StartAsync(_ => [new TestServiceImplementation().BindService(), new HealthService().BindService()],
            serverCertificate: Certificates.ServerCertificate, clientCertificateAuthority: Certificates.CaCertificate);

        var accepted = await PythonPeer.RunClientAsync("localhost", server.Port, "large_unary", Certificates, useClientCertificate: true);
        Assert.True(accepted.ExitCode == 0, $"with a certificate: exit {accepted.ExitCode}\n{accepted.Stdout}\n{accepted.Stderr}");

        var refused = await PythonPeer.RunClientAsync("localhost", server.Port, "empty_unary", Certificates, useClientCertificate: false);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("FAIL empty_unary", refused.Stdout + refused.Stderr);
    }

    [Fact]
    public async Task Our_client_refuses_a_server_whose_certificate_is_not_from_the_expected_CA()
    {
        using var otherCa = TestCertificates.Create();
        await using var server = await InteropServerHost.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), Certificates.ServerCertificate);
        using var channel = GrpcChannel.ForAddress($"https://localhost:{server.Port}", new GrpcChannelOptions { ServerCertificateAuthority = otherCa.CaCertificate });

        var error = await Assert.ThrowsAsync<RpcException>(() => new InteropClient(channel).RunAsync("empty_unary").WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }
}
