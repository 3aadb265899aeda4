using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Grpc.Server;

/// <summary>
/// A standalone gRPC server on one Kestrel endpoint (port 0 picks a free one): for tools and tests that need
/// nothing but gRPC. Services that share a host with other endpoints use the extensions in
/// <see cref="GrpcServerExtensions"/> directly.
/// </summary>
public sealed class GrpcServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcServerHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The port actually bound.</summary>
    public int Port { get; }

    public GrpcServerMetrics Metrics => _app.Services.GetRequiredService<GrpcServerMetrics>();

    public static async Task<GrpcServerHost> StartAsync(
        IPEndPoint endpoint,
        Func<IServiceProvider, ServerServiceDefinition[]> services,
        X509Certificate2? serverCertificate = null,
        X509Certificate2? clientCertificateAuthority = null,
        Action<GrpcServerOptions>? configure = null,
        Action<ILoggingBuilder>? logging = null,
        CancellationToken cancellationToken = default)
    {
        // No appsettings reload: its watcher follows every file under the working directory, where the data
        // directory often lies, and woke on each database write (measured: 5-10 % of the process's CPU).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.Services.AddGrpcServer(configure);
        builder.WebHost.ConfigureKestrel(k => k.ListenGrpc(endpoint, serverCertificate, clientCertificateAuthority));
        var app = builder.Build();
        app.UseGrpcServer(services(app.Services));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new GrpcServerHost(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
