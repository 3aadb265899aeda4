using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace TelemetryGateway.Mqtt.Transport;

/// <summary>TLS for an MQTT client connection (MQTT 5.0 §4.2: TCP/IP, TLS).</summary>
public sealed record MqttTlsOptions
{
    /// <summary>Name checked against the server certificate; defaults to the host dialled.</summary>
    public string? TargetHost { get; init; }

    /// <summary>
    /// Trust only this CA for the server certificate (a private PKI); null uses the
    /// system's roots.
    /// </summary>
    public X509Certificate2? CaCertificate { get; init; }

    /// <summary>Client certificate (with private key) for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Overrides every other validation rule when set.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }
}
