using System.Net;
using System.Security.Cryptography.X509Certificates;
using TelemetryGateway.Grpc.Server;

namespace TelemetryGateway.Grpc.Tests.Infrastructure;

/// <summary>Our gRPC server on Kestrel, on a random loopback port, for one test.</summary>
public sealed class GrpcTestServer : IAsyncDisposable
{
    private readonly GrpcServerHost _host;

    private GrpcTestServer(GrpcServerHost host, bool tls)
    {
        _host = host;
        Address = new Uri($"{(tls ? "https" : "http")}://{(tls ? "localhost" : "127.0.0.1")}:{host.Port}");
    }

    public int Port => _host.Port;

    public Uri Address { get; }

    public GrpcServerMetrics Metrics => _host.Metrics;

    public static async Task<GrpcTestServer> StartAsync(
        Func<IServiceProvider, ServerServiceDefinition[]> services,
        Action<GrpcServerOptions>? configure = null,
        X509Certificate2? serverCertificate = null,
        X509Certificate2? clientCertificateAuthority = null) =>
        new(await GrpcServerHost.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), services, serverCertificate, clientCertificateAuthority, configure),
            serverCertificate is not null);

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
