using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Grpc.Health;
using TelemetryGateway.Grpc.Server;

namespace TelemetryGateway.GrpcInterop;

/// <summary>The interop server (TestService + Health) on Kestrel: h2c, or TLS when a certificate is given.</summary>
public sealed class InteropServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InteropServerHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public GrpcServerMetrics Metrics => _app.Services.GetRequiredService<GrpcServerMetrics>();

    public static async Task<InteropServerHost> StartAsync(IPEndPoint endpoint, X509Certificate2? certificate, LogLevel logLevel = LogLevel.Warning, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(logLevel);
        builder.Services.AddGrpcServer();
        builder.WebHost.ConfigureKestrel(k => k.ListenGrpc(endpoint, certificate));
        var app = builder.Build();
        app.UseGrpcServer(new TestServiceImplementation().BindService(), new HealthService().BindService());
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new InteropServerHost(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
