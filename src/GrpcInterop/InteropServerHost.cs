using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Grpc.Health;
using TelemetryGateway.Grpc.Server;

namespace TelemetryGateway.GrpcInterop;

/// <summary>The interop server (TestService + Health): h2c, or TLS when a certificate is given.</summary>
public static class InteropServerHost
{
    public static Task<GrpcServerHost> StartAsync(IPEndPoint endpoint, X509Certificate2? certificate, LogLevel logLevel = LogLevel.Warning, CancellationToken cancellationToken = default) =>
        GrpcServerHost.StartAsync(
            endpoint,
            _ => [new TestServiceImplementation().BindService(), new HealthService().BindService()],
            certificate,
            logging: logging =>
            {
                logging.AddSimpleConsole(o => o.SingleLine = true);
                logging.SetMinimumLevel(logLevel);
            },
            cancellationToken: cancellationToken);
}
