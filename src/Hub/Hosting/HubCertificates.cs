using System.Security.Cryptography.X509Certificates;

namespace TelemetryGateway.Hub;

/// <summary>The hub's TLS material loaded from the PEM files of <see cref="HubTlsOptions"/>.</summary>
internal sealed class HubCertificates : IDisposable
{
    private HubCertificates(X509Certificate2? server, X509Certificate2? clientAuthority)
    {
        Server = server;
        ClientAuthority = clientAuthority;
    }

    /// <summary>Server certificate with its private key; null without TLS.</summary>
    public X509Certificate2? Server { get; }

    /// <summary>CA of gateway client certificates; null when gateways use secrets only.</summary>
    public X509Certificate2? ClientAuthority { get; }

    /// <exception cref="InvalidOperationException">An https:// URL without a certificate, or a file that cannot be read.</exception>
    public static HubCertificates Load(HubOptions options, bool tlsNeeded)
    {
        var tls = options.Tls;
        if (string.IsNullOrEmpty(tls.CertificatePath))
        {
            return tlsNeeded
                ? throw new InvalidOperationException("An https:// Hub:GrpcUrl or Hub:HttpUrl needs Hub:Tls:CertificatePath and Hub:Tls:KeyPath.")
                : new HubCertificates(null, null);
        }
        X509Certificate2? server = null;
        try
        {
            using (var pem = X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath))
            {
                // Kestrel on some platforms cannot use the ephemeral key of a PEM-loaded certificate: re-import as PKCS#12.
                server = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }
            var authority = string.IsNullOrEmpty(tls.ClientCaPath) ? null : X509Certificate2.CreateFromPem(File.ReadAllText(tls.ClientCaPath));
            return new HubCertificates(server, authority);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            server?.Dispose();
            throw new InvalidOperationException($"Cannot load the hub's TLS files (Hub:Tls): {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        Server?.Dispose();
        ClientAuthority?.Dispose();
    }
}
