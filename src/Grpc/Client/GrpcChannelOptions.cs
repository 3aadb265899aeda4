using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Grpc.Client;

public sealed class GrpcChannelOptions
{
    /// <summary>Largest response message accepted, after decompression; larger → RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = Internal.GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>Largest request message sent; larger → RESOURCE_EXHAUSTED before anything is sent.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Trust anchor for the server's certificate (a private CA); null uses the system store.</summary>
    public X509Certificate2? ServerCertificateAuthority { get; set; }

    /// <summary>The client's own certificate (with private key) for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Name to expect in the server certificate and send in SNI, when it differs from the address host.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>HTTP/2 PING after this much silence on a connection; a dead link is noticed within delay + timeout.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Replaces the built-in SocketsHttpHandler (tests, proxies); the options above then do not apply to it.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public ILoggerFactory? LoggerFactory { get; set; }
}
