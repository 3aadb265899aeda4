using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TelemetryGateway.Mqtt.Tests.Infrastructure;

/// <summary>
/// A throw-away PKI for the MQTT tests: a CA, a server certificate for localhost /
/// 127.0.0.1 / ::1 and a client certificate, as <see cref="X509Certificate2"/> for our side
/// and as PEM files (certificate, PKCS#8 key) for mosquitto's <c>cafile</c>/<c>certfile</c>/
/// <c>keyfile</c> and for mosquitto_pub/mosquitto_sub's <c>--cafile</c>/<c>--cert</c>/<c>--key</c>.
/// </summary>
public sealed class MqttTestCertificates
{
    public const string ServerName = "localhost";
    public const string ClientName = "mqtt-test-client";

    private static readonly Lazy<MqttTestCertificates> SharedInstance = new(Create);

    private MqttTestCertificates(string directory, X509Certificate2 ca, X509Certificate2 server, X509Certificate2 client)
    {
        Directory = directory;
        CaCertificate = ca;
        ServerCertificate = server;
        ClientCertificate = client;
    }

    /// <summary>One set per test run, written under a private temp folder.</summary>
    public static MqttTestCertificates Shared => SharedInstance.Value;

    public string Directory { get; }

    public X509Certificate2 CaCertificate { get; }

    /// <summary>With its private key: usable by SslStream as a server (the embedded broker).</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>With its private key: usable by SslStream as a client certificate.</summary>
    public X509Certificate2 ClientCertificate { get; }

    public string CaCertPath => Path.Combine(Directory, "ca.pem");

    public string ServerCertPath => Path.Combine(Directory, "server.pem");

    public string ServerKeyPath => Path.Combine(Directory, "server.key");

    public string ClientCertPath => Path.Combine(Directory, "client.pem");

    public string ClientKeyPath => Path.Combine(Directory, "client.key");

    /// <summary>Accepts a server certificate only if it chains to this CA (no system roots).</summary>
    public RemoteCertificateValidationCallback CreateValidator() =>
        (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(CaCertificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(leaf);
        };

    private static MqttTestCertificates Create()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=TelemetryGateway MQTT Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        var serverNames = new SubjectAlternativeNameBuilder();
        serverNames.AddDnsName(ServerName);
        serverNames.AddIpAddress(IPAddress.Loopback);
        serverNames.AddIpAddress(IPAddress.IPv6Loopback);
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var server = Issue(ca, serverKey, ServerName, serverNames, "1.3.6.1.5.5.7.3.1", now);

        var clientNames = new SubjectAlternativeNameBuilder();
        clientNames.AddDnsName(ClientName);
        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = Issue(ca, clientKey, ClientName, clientNames, "1.3.6.1.5.5.7.3.2", now);

        var directory = Path.Combine(Path.GetTempPath(), "tg-mqtt-certs-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var certificates = new MqttTestCertificates(directory,
            X509CertificateLoader.LoadCertificate(ca.RawData),
            WithKey(server, serverKey),
            WithKey(client, clientKey));
        File.WriteAllText(certificates.CaCertPath, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(certificates.ServerCertPath, server.ExportCertificatePem() + "\n");
        File.WriteAllText(certificates.ServerKeyPath, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(certificates.ClientCertPath, client.ExportCertificatePem() + "\n");
        File.WriteAllText(certificates.ClientKeyPath, clientKey.ExportPkcs8PrivateKeyPem() + "\n");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return certificates;
    }

    private static X509Certificate2 Issue(X509Certificate2 issuer, ECDsa key, string commonName,
        SubjectAlternativeNameBuilder names, string usageOid, DateTimeOffset now)
    {
        var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return request.Create(issuer, now.AddDays(-1), now.AddDays(29), serial);
    }

    /// <summary>Through PKCS#12 so that SslStream can use the key.</summary>
    private static X509Certificate2 WithKey(X509Certificate2 certificate, ECDsa key)
    {
        using var withKey = certificate.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }
}
