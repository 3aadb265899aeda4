using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TelemetryGateway.Hub.Tests.Infrastructure;

/// <summary>A throw-away CA with a server certificate for localhost and client certificates for gateways,
/// written as PEM files (what Hub:Tls reads).</summary>
public sealed class TestPki : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestPki()
    {
        Directory = Path.Combine(Path.GetTempPath(), "hub-pki-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var request = new CertificateRequest("CN=Hub Test CA", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // The CA outlives every certificate it issues (a leaf may not end after its issuer).
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(60));
        CaPath = Path.Combine(Directory, "ca.pem");
        File.WriteAllText(CaPath, Ca.ExportCertificatePem());

        using var server = Issue("localhost", out var serverKeyPem, serverAuth: true);
        ServerCertPath = Path.Combine(Directory, "server.pem");
        ServerKeyPath = Path.Combine(Directory, "server.key");
        File.WriteAllText(ServerCertPath, server.ExportCertificatePem());
        File.WriteAllText(ServerKeyPath, serverKeyPem);
    }

    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    public string CaPath { get; }

    public string ServerCertPath { get; }

    public string ServerKeyPath { get; }

    /// <summary>A certificate with its private key, signed by the CA, for <paramref name="commonName"/>.</summary>
    public X509Certificate2 Issue(string commonName) => Issue(commonName, out _);

    private X509Certificate2 Issue(string commonName, out string keyPem, bool serverAuth = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        keyPem = key.ExportPkcs8PrivateKeyPem();
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(commonName);
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(Ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // A PKCS#12 round trip gives a key SslStream can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Ca.Dispose();
        _caKey.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
