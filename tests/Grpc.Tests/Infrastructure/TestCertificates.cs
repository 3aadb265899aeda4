using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TelemetryGateway.Grpc.Tests.Infrastructure;

/// <summary>
/// A throw-away PKI made at run time: a test CA, a server certificate for <c>localhost</c>,
/// 127.0.0.1 and ::1 (subject alternative names), and a client certificate, both signed by
/// the CA. The certificates are exposed as <see cref="X509Certificate2"/> (with private keys
/// where they have one) for our C# side, and as PEM files in <see cref="Directory"/> for the
/// Python peer (grpcio reads PEM certificate chains and PKCS#8 keys).
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public const string ServerName = "localhost";
    public const string ClientName = "telemetry-test-client";

    private static readonly Lazy<TestCertificates> SharedInstance = new(() =>
    {
        var certs = Create();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => certs.Dispose();
        return certs;
    });

    private TestCertificates(
        string directory, X509Certificate2 ca, X509Certificate2 server, X509Certificate2 client)
    {
        Directory = directory;
        CaCertificate = ca;
        ServerCertificate = server;
        ClientCertificate = client;
        CaCertPath = Path.Combine(directory, "ca.pem");
        ServerCertPath = Path.Combine(directory, "server.pem");
        ServerKeyPath = Path.Combine(directory, "server.key");
        ClientCertPath = Path.Combine(directory, "client.pem");
        ClientKeyPath = Path.Combine(directory, "client.key");
    }

    /// <summary>One set per test run (generation takes a few milliseconds, but there is no need to repeat it).</summary>
    public static TestCertificates Shared => SharedInstance.Value;

    /// <summary>Folder holding the PEM files; deleted by <see cref="Dispose"/>.</summary>
    public string Directory { get; }

    /// <summary>The CA certificate, without its private key.</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>Server certificate with its private key (usable by Kestrel / SslStream).</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>Client certificate with its private key, for mutual TLS.</summary>
    public X509Certificate2 ClientCertificate { get; }

    public string CaCertPath { get; }

    public string ServerCertPath { get; }

    public string ServerKeyPath { get; }

    public string ClientCertPath { get; }

    public string ClientKeyPath { get; }

    /// <summary>Generates a new CA, server and client certificate and writes their PEM files.</summary>
    public static TestCertificates Create()
    {
        var now = DateTimeOffset.UtcNow;

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=TelemetryGateway Test CA, O=TelemetryGateway Tests", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var caWithKey = caRequest.CreateSelfSigned(now.AddDays(-2), now.AddDays(60));

        var serverSan = new SubjectAlternativeNameBuilder();
        serverSan.AddDnsName(ServerName);
        serverSan.AddIpAddress(IPAddress.Loopback);
        serverSan.AddIpAddress(IPAddress.IPv6Loopback);
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var serverSigned = Issue(caWithKey, serverKey, "CN=" + ServerName, serverSan.Build(),
            new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication"), now);

        var clientSan = new SubjectAlternativeNameBuilder();
        clientSan.AddDnsName(ClientName);
        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var clientSigned = Issue(caWithKey, clientKey, "CN=" + ClientName, clientSan.Build(),
            new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication"), now);

        var directory = Path.Combine(Path.GetTempPath(), "tg-test-certs-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var certs = new TestCertificates(
            directory,
            X509CertificateLoader.LoadCertificate(caWithKey.RawData),
            WithPersistedKey(serverSigned, serverKey),
            WithPersistedKey(clientSigned, clientKey));

        File.WriteAllText(certs.CaCertPath, caWithKey.ExportCertificatePem() + "\n");
        File.WriteAllText(certs.ServerCertPath, serverSigned.ExportCertificatePem() + "\n");
        File.WriteAllText(certs.ServerKeyPath, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(certs.ClientCertPath, clientSigned.ExportCertificatePem() + "\n");
        File.WriteAllText(certs.ClientKeyPath, clientKey.ExportPkcs8PrivateKeyPem() + "\n");
        return certs;
    }

    /// <summary>
    /// Validates a peer certificate against this CA only (no system roots), and — when
    /// <paramref name="checkName"/> is set — that the name the client asked for matched.
    /// Use it for SslClientAuthenticationOptions / SslServerAuthenticationOptions.
    /// </summary>
    public RemoteCertificateValidationCallback CreateValidator(bool checkName = true) =>
        (_, certificate, _, errors) =>
        {
            if (certificate is null)
            {
                return false;
            }

            if (checkName && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
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

    public void Dispose()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A peer process may still hold a file open; the temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static X509Certificate2 Issue(
        X509Certificate2 issuer, ECDsa key, string subject, X509Extension san, Oid usage, DateTimeOffset now)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { usage }, false));
        request.CertificateExtensions.Add(san);
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive
        serial[0] |= 0x01; // and never a shortened encoding
        return request.Create(issuer, now.AddDays(-1), now.AddDays(30), serial);
    }

    /// <summary>
    /// Attaches the key and round-trips through PKCS#12 so that the result works with
    /// SslStream on every platform (ephemeral keys are refused by SChannel).
    /// </summary>
    private static X509Certificate2 WithPersistedKey(X509Certificate2 certificate, ECDsa key)
    {
        using var withKey = certificate.CopyWithPrivateKey(key);
        var pfx = withKey.Export(X509ContentType.Pkcs12);
        return X509CertificateLoader.LoadPkcs12(pfx, password: null, X509KeyStorageFlags.Exportable);
    }
}
