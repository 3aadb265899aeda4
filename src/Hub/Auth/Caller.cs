using Microsoft.AspNetCore.Http;

namespace TelemetryGateway.Hub.Auth;

/// <summary>How a caller proved who it is.</summary>
public enum CallerKind
{
    /// <summary>The <c>tg_session</c> cookie of a signed-in user: state changes need the CSRF header.</summary>
    Session,

    /// <summary>An <c>Authorization: Bearer</c> token from <c>Hub:Auth:ApiTokens</c> or the bootstrap token.</summary>
    Token,
}

/// <summary>The authenticated caller of one request: who (the audit actor), in which role, over which scope.</summary>
/// <param name="Name">User name or token name; recorded as the actor of alert actions.</param>
/// <param name="Scope">Doctor, clinic or hospital id; null for administrators.</param>
/// <param name="Access">What the caller may see, resolved from <paramref name="Role"/> and <paramref name="Scope"/>.</param>
public sealed record Caller(string Name, string DisplayName, string Role, string? Scope, CallerKind Kind, AccessScope Access)
{
    public bool IsAdministrator => Role == AuthRoles.Administrator;
}

/// <summary>The caller of a request, as set by <see cref="AuthMiddleware"/>.</summary>
public static class CallerHttpExtensions
{
    private static readonly object Key = new();

    /// <summary>The caller; every <c>/api/</c> endpoint except sign-in runs behind the middleware, so it is there.</summary>
    /// <exception cref="InvalidOperationException">Called outside the authenticated part of the API.</exception>
    public static Caller GetCaller(this HttpContext http) =>
        http.TryGetCaller() ?? throw new InvalidOperationException("No authenticated caller: the endpoint is outside /api/ or the auth middleware did not run.");

    public static Caller? TryGetCaller(this HttpContext http) => http.Items.TryGetValue(Key, out var value) ? value as Caller : null;

    internal static void SetCaller(this HttpContext http, Caller caller) => http.Items[Key] = caller;
}
