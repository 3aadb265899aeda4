using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace TelemetryGateway.Mqtt.Transport;

/// <summary>Opens the byte stream under an MQTT client: TCP, optionally wrapped in TLS.</summary>
public static class MqttTcpConnector
{
    public static async Task<Stream> ConnectAsync(string host, int port, MqttTlsOptions? tls, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken);
            var network = new NetworkStream(socket, ownsSocket: true);
            if (tls is null)
            {
                return network;
            }

            var ssl = new SslStream(network, leaveInnerStreamOpen: false);
            try
            {
                var options = new SslClientAuthenticationOptions
                {
                    TargetHost = tls.TargetHost ?? host,
                    RemoteCertificateValidationCallback = tls.ServerCertificateValidation
                        ?? (tls.CaCertificate is { } ca ? ValidateAgainst(ca) : null),
                };
                if (tls.ClientCertificate is { } client)
                {
                    options.ClientCertificates = [client];
                }

                await ssl.AuthenticateAsClientAsync(options, cancellationToken);
                return ssl;
            }
            catch
            {
                await ssl.DisposeAsync();
                throw;
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Chain to the given CA only (no system roots), and the name must match; revocation is
    /// not checked because a private CA rarely publishes a CRL the gateway could reach.
    /// </summary>
    private static RemoteCertificateValidationCallback ValidateAgainst(X509Certificate2 ca) =>
        (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(leaf);
        };
}
