using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TelemetryGateway.Grpc.Server;

public static class GrpcServerExtensions
{
    /// <summary>Registers the gRPC server's options, metrics and service registry.</summary>
    public static IServiceCollection AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        var options = new GrpcServerOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton<GrpcServerMetrics>();
        services.TryAddSingleton<GrpcServiceRegistry>();
        return services;
    }

    /// <summary>Adds the gRPC dispatcher to the pipeline and binds these services to it.</summary>
    public static IApplicationBuilder UseGrpcServer(this IApplicationBuilder app, params ServerServiceDefinition[] services)
    {
        var registry = app.ApplicationServices.GetRequiredService<GrpcServiceRegistry>();
        foreach (var service in services)
        {
            registry.Add(service);
        }
        return app.UseMiddleware<GrpcMiddleware>();
    }

    /// <summary>
    /// Listens for gRPC: HTTP/2 only, in cleartext with prior knowledge (h2c) when no certificate is given,
    /// else TLS with ALPN "h2". With <paramref name="clientCertificateAuthority"/> clients must present a
    /// certificate issued by it (mutual TLS).
    /// </summary>
    public static void ListenGrpc(
        this KestrelServerOptions kestrel, IPEndPoint endpoint, X509Certificate2? serverCertificate = null,
        X509Certificate2? clientCertificateAuthority = null)
    {
        kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
        // Larger windows keep a fast stream from stalling on flow control over loopback and LANs.
        kestrel.Limits.Http2.InitialConnectionWindowSize = 4 * 1024 * 1024;
        kestrel.Limits.Http2.InitialStreamWindowSize = 2 * 1024 * 1024;
        kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
        kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
        kestrel.Listen(endpoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (serverCertificate is null)
            {
                return;
            }
            listen.UseHttps(https =>
            {
                https.ServerCertificate = serverCertificate;
                if (clientCertificateAuthority is not null)
                {
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (certificate, _, _) => TlsValidation.IsIssuedBy(certificate, clientCertificateAuthority);
                }
            });
        });
    }
}

/// <summary>Certificate checks against a private CA (the trust anchor is the CA given, not the system store).</summary>
public static class TlsValidation
{
    public static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>A client-side server-certificate check: the name must match; the chain must end at the authority.</summary>
    public static RemoteCertificateValidationCallback ServerValidator(X509Certificate2 authority) =>
        (_, certificate, _, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }
            if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0 || certificate is null)
            {
                return false;
            }
            using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return IsIssuedBy(presented, authority);
        };
}
