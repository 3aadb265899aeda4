using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Grpc.Client;

namespace TelemetryGateway.Gateway.Uplink;

/// <summary>The gRPC channel to the hub: h2c for http://, TLS (optionally mutual) for https://.</summary>
internal static class HubChannelFactory
{
    public static GrpcChannel Create(GatewayOptions options, ILoggerFactory loggers, TimeProvider time)
    {
        var channelOptions = new GrpcChannelOptions
        {
            // A dead link (tunnel, valley) is noticed within delay + timeout even when nothing is sent.
            KeepAlivePingDelay = TimeSpan.FromSeconds(15),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            MaxSendMessageSize = 4 * 1024 * 1024,
            LoggerFactory = loggers,
            TimeProvider = time,
        };
        var tls = options.Tls;
        try
        {
            if (tls.CaPath is { Length: > 0 } caPath)
            {
                channelOptions.ServerCertificateAuthority = X509CertificateLoader.LoadCertificateFromFile(caPath);
            }

            if (tls.ClientCertificatePath is { Length: > 0 } certificatePath)
            {
                channelOptions.ClientCertificate = X509Certificate2.CreateFromPemFile(certificatePath, tls.ClientKeyPath);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new GatewayConfigurationException($"Gateway:Tls: cannot load the certificate files: {ex.Message}", ex);
        }

        return GrpcChannel.ForAddress(options.HubUrl, channelOptions);
    }
}
