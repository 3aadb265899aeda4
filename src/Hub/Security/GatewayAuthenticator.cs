using System.Security.Cryptography.X509Certificates;
using TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Hub;

/// <summary>Decides whether a Hello proves the gateway's identity (telemetry.proto, delivery step 1).</summary>
/// <remarks>
/// A gateway is known only when configured under Hub:Gateways, so that it can be revoked. It proves its
/// identity with its secret (verified against the PBKDF2 hash) or, on a mutual-TLS listener, with a client
/// certificate whose subject CN is its id: Kestrel has already checked that certificate against the
/// configured CA before the call reached us.
/// </remarks>
internal sealed class GatewayAuthenticator(IReadOnlyDictionary<string, GatewayCredentialOptions> gateways, bool clientCertificatesTrusted)
{
    // Verified against when the gateway is unknown, so that a refusal takes as long whether or not the id
    // exists: the timing does not tell a prober which gateway ids are configured.
    private static readonly string DecoyHash = SecretHasher.Hash(Guid.NewGuid().ToString("N"));

    /// <summary>Null when <paramref name="hello"/> authenticates; else a reason from <see cref="AuthFailure"/> and a message for the gateway.</summary>
    public (string Reason, string Message)? Authenticate(Hello hello, X509Certificate2? clientCertificate)
    {
        var id = hello.GatewayId;
        if (string.IsNullOrEmpty(id) || !gateways.TryGetValue(id, out var gateway) || gateway is null)
        {
            if (hello.Secret.Length > 0)
            {
                SecretHasher.Verify(hello.Secret, DecoyHash);
            }
            return (AuthFailure.UnknownGateway, $"Gateway '{id}' is not known to this hub.");
        }
        if (gateway.Revoked)
        {
            return (AuthFailure.Revoked, $"Gateway '{id}' has been revoked.");
        }
        if (clientCertificatesTrusted && clientCertificate is not null
            && string.Equals(clientCertificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false), id, StringComparison.Ordinal))
        {
            return null;
        }
        if (string.IsNullOrEmpty(gateway.Secret) || !SecretHasher.Verify(hello.Secret, gateway.Secret))
        {
            return (AuthFailure.WrongSecret, hello.Secret.Length == 0
                ? $"Gateway '{id}' sent no secret and no client certificate naming it."
                : $"Wrong secret for gateway '{id}'.");
        }
        return null;
    }
}
