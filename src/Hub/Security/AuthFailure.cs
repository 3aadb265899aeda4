namespace TelemetryGateway.Hub;

/// <summary>Why a gateway was refused; the values label <c>hub_gateway_auth_failures_total{reason=…}</c>.</summary>
public static class AuthFailure
{
    /// <summary>The stream did not start with Hello.</summary>
    public const string MissingHello = "missing_hello";

    /// <summary>The gateway id is not configured under Hub:Gateways.</summary>
    public const string UnknownGateway = "unknown_gateway";

    /// <summary>The gateway is configured with Revoked = true.</summary>
    public const string Revoked = "revoked";

    /// <summary>The secret does not match the configured hash (or none was sent and no certificate names the gateway).</summary>
    public const string WrongSecret = "wrong_secret";
}
