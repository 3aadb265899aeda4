using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>Builds the SslStream server options of the TLS listener from <see cref="MqttBrokerTlsOptions"/>.</summary>
internal static class MqttBrokerTls
{
    public static async Task<SslServerAuthenticationOptions> CreateServerOptionsAsync(MqttBrokerTlsOptions tls,
        CancellationToken cancellationToken)
    {
        var certificate = LoadServerCertificate(tls);
        X509Certificate2Collection? clientCas = null;
        if (tls.ClientCaPath is not null)
        {
            var pem = await File.ReadAllTextAsync(tls.ClientCaPath, cancellationToken).ConfigureAwait(false);
            clientCas = [];
            clientCas.ImportFromPem(pem);
        }

        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null),
            ClientCertificateRequired = tls.RequireClientCertificate || clientCas is not null,
            RemoteCertificateValidationCallback = (_, presented, _, _) => ValidateClient(tls, clientCas, presented),
        };
    }

    /// <summary>The common name a verified client certificate carries, for use_identity_as_username.</summary>
    public static string? CommonName(X509Certificate? certificate) =>
        certificate is null ? null : new X509Certificate2(certificate).GetNameInfo(X509NameType.SimpleName, forIssuer: false);

    private static X509Certificate2 LoadServerCertificate(MqttBrokerTlsOptions tls)
    {
        if (tls.CertificatePath.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase)
            || tls.CertificatePath.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.CertificatePassword);
        }

        return tls.CertificatePassword is null
            ? X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(tls.CertificatePath, tls.CertificatePassword, tls.KeyPath);
    }

    /// <summary>
    /// No client certificate: acceptable unless one is required. A presented one must chain to
    /// the configured client CA alone (custom trust store, not the machine's roots).
    /// </summary>
    private static bool ValidateClient(MqttBrokerTlsOptions tls, X509Certificate2Collection? clientCas, X509Certificate? presented)
    {
        if (presented is null)
        {
            return !tls.RequireClientCertificate;
        }

        if (clientCas is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(clientCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = new X509Certificate2(presented);
        return chain.Build(certificate);
    }
}
