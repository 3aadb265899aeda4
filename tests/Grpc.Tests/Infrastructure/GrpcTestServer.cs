using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Grpc.Server;

namespace TelemetryGateway.Grpc.Tests.Infrastructure;

/// <summary>Our gRPC server on Kestrel, on a random loopback port, for one test.</summary>
public sealed class GrpcTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcTestServer(WebApplication app, int port, bool tls)
    {
        _app = app;
        Port = port;
        Address = new Uri($"{(tls ? "https" : "http")}://{(tls ? "localhost" : "127.0.0.1")}:{port}");
    }

    public int Port { get; }

    public Uri Address { get; }

    public GrpcServerMetrics Metrics => _app.Services.GetRequiredService<GrpcServerMetrics>();

    public static async Task<GrpcTestServer> StartAsync(
        Func<IServiceProvider, ServerServiceDefinition[]> services,
        Action<GrpcServerOptions>? configure = null,
        X509Certificate2? serverCertificate = null,
        X509Certificate2? clientCertificateAuthority = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddGrpcServer(configure);
        builder.WebHost.ConfigureKestrel(k => k.ListenGrpc(new IPEndPoint(IPAddress.Loopback, 0), serverCertificate, clientCertificateAuthority));
        var app = builder.Build();
        app.UseGrpcServer(services(app.Services));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new GrpcTestServer(app, new Uri(address).Port, serverCertificate is not null);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
