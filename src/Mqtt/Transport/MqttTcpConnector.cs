using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace TelemetryGateway.Mqtt.Transport;

/// <summary>The byte stream under an MQTT client, and the TCP socket it runs on (blocking mode).</summary>
internal sealed record MqttClientTransport(Stream Stream, Socket Socket);

/// <summary>Opens the byte stream under an MQTT client: TCP, optionally wrapped in TLS.</summary>
/// <remarks>
/// The socket stays in blocking mode (<see cref="BlockingSocketStream"/>): connecting and the TLS handshake are
/// blocking calls on a pool thread, which the cancellation token interrupts by closing the socket; later writes
/// block too, until the connection is aborted.
/// </remarks>
internal static class MqttTcpConnector
{
    public static async Task<MqttClientTransport> ConnectAsync(string host, int port, MqttTlsOptions? tls, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await using var interrupt = cancellationToken.Register(socket.Dispose);
            await Task.Run(() => socket.Connect(host, port), CancellationToken.None).ConfigureAwait(false);
            var network = new BlockingSocketStream(socket);
            if (tls is null)
            {
                return new MqttClientTransport(network, socket);
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
                return new MqttClientTransport(ssl, socket);
            }
            catch
            {
                await ssl.DisposeAsync();
                throw;
            }
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // Closing the socket is how a blocking connect or handshake is interrupted: report it as the cancellation.
            socket.Dispose();
            throw new OperationCanceledException("connecting was cancelled", ex, cancellationToken);
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
