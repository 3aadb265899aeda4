using Microsoft.AspNetCore.Http;

namespace TelemetryGateway.Hub.Auth;

/// <summary>
/// Guards everything under <c>/api/</c> on the HTTP listener (deny by default, so an endpoint added later is
/// protected without remembering to): a bearer token or the session cookie, else 401. A cookie-authenticated
/// request that changes state (anything but GET/HEAD/OPTIONS) must carry <c>X-TG-Request: 1</c>, else 403:
/// the cookie is SameSite=Strict already, and the header is the second line against cross-site requests.
/// Open: <c>POST /api/auth/signin</c>, and every path outside <c>/api/</c> (<c>/healthz</c>, <c>/metrics</c>,
/// the dashboard's static files, which hold no data).
/// </summary>
internal static class AuthMiddleware
{
    public const string SignInPath = "/api/auth/signin";

    public static async Task InvokeAsync(HttpContext http, Func<Task> next, AuthService auth)
    {
        var path = http.Request.Path;
        // Case-insensitive like routing itself: "/API/readings" reaches the same endpoint, so it must not slip past.
        if (!path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase))
        {
            await next().ConfigureAwait(false);
            return;
        }
        // Answers about people are never cached by a browser or a proxy.
        http.Response.Headers.CacheControl = "no-store";
        var caller = Authenticate(http, auth, out var refusal, out var sessionEnded);
        if (caller is null)
        {
            auth.Metrics.Unauthenticated();
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"tg\"";
            await AuthEndpoints.WriteErrorAsync(http, StatusCodes.Status401Unauthorized, refusal).ConfigureAwait(false);
            return;
        }
        if (caller.Kind == CallerKind.Session && ChangesState(http.Request.Method)
            && !string.Equals(http.Request.Headers[AuthService.CsrfHeader], "1", StringComparison.Ordinal))
        {
            auth.Metrics.CsrfRefused();
            await AuthEndpoints.WriteErrorAsync(http, StatusCodes.Status403Forbidden,
                $"A signed-in browser's {http.Request.Method} must carry the header {AuthService.CsrfHeader}: 1.").ConfigureAwait(false);
            return;
        }
        http.SetCaller(caller);
        if (caller.Kind == CallerKind.Token)
        {
            auth.Metrics.TokenCall();
        }
        else if (sessionEnded.CanBeCanceled)
        {
            // Sign-out or expiry ends the session's running requests too (an open event stream would otherwise
            // keep delivering after the user signed out).
            var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, sessionEnded);
            http.Response.RegisterForDispose(linked);
            http.RequestAborted = linked.Token;
        }
        await next().ConfigureAwait(false);
    }

    private static Caller? Authenticate(HttpContext http, AuthService auth, out string refusal, out CancellationToken sessionEnded)
    {
        sessionEnded = CancellationToken.None;
        var authorization = http.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            // A presented token is judged alone: a bad token with a good cookie is still refused.
            refusal = "The bearer token is not valid.";
            return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? auth.AuthenticateToken(authorization["Bearer ".Length..].Trim())
                : null;
        }
        if (http.Request.Cookies.TryGetValue(AuthService.CookieName, out var cookie) && !string.IsNullOrEmpty(cookie))
        {
            refusal = "The session has expired; sign in again.";
            return auth.AuthenticateSession(cookie, out sessionEnded);
        }
        refusal = "Sign in (POST /api/auth/signin) or send Authorization: Bearer <token>.";
        return null;
    }

    private static bool ChangesState(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
}
