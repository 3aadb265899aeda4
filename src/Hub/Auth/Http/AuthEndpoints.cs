using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TelemetryGateway.Hub.Auth;

/// <summary>
/// Sign-in and user administration:
/// <c>POST /api/auth/signin</c> {user, password} → cookie <c>tg_session</c> and the <c>me</c> body;
/// <c>POST /api/auth/signout</c>; <c>GET /api/auth/me</c>; <c>POST /api/auth/password</c> {current, password};
/// <c>GET|POST /api/admin/users</c>, <c>POST /api/admin/users/{name}/disable|enable</c> and
/// <c>GET /api/audit/auth</c> for administrators.
/// </summary>
internal static class AuthEndpoints
{
    private const int DefaultAuditLimit = 200;
    private const int MaxAuditLimit = 1000;

    public static void Map(IEndpointRouteBuilder app, AuthService auth, bool secureCookie)
    {
        app.MapPost(AuthMiddleware.SignInPath, (HttpRequest request) => SignInAsync(request.HttpContext, auth, secureCookie));
        app.MapPost("/api/auth/signout", async (HttpContext http) =>
        {
            var caller = http.GetCaller();
            if (http.Request.Cookies.TryGetValue(AuthService.CookieName, out var cookie) && !string.IsNullOrEmpty(cookie))
            {
                await auth.SignOutAsync(cookie, caller, Address(http)).ConfigureAwait(false);
            }
            http.Response.Cookies.Delete(AuthService.CookieName, CookieOptions(secureCookie));
            return Results.NoContent();
        });
        app.MapGet("/api/auth/me", (HttpContext http) => Results.Json(Me(http.GetCaller()), AuthJsonContext.Default.MeResponse));
        app.MapPost("/api/auth/password", (HttpContext http, CancellationToken ct) => ChangePasswordAsync(http, auth, ct));

        var admin = app.MapGroup("").AddEndpointFilter(async (context, next) =>
            context.HttpContext.GetCaller().IsAdministrator ? await next(context).ConfigureAwait(false)
                : Error(StatusCodes.Status403Forbidden, "Administrators only."));
        admin.MapGet("/api/admin/users", () => Results.Json(new UsersResponse([.. auth.Users().Select(u =>
            new UserJson(u.Name, u.Role, u.Scope, u.DisplayName, u.Disabled, u.FromConfiguration ? "configuration" : "database"))]),
            AuthJsonContext.Default.UsersResponse));
        admin.MapPost("/api/admin/users", (HttpContext http, CancellationToken ct) => CreateUserAsync(http, auth, ct));
        admin.MapGet("/api/audit/auth", (HttpContext http, CancellationToken ct) => AuditAsync(http, auth, ct));
        admin.MapPost("/api/admin/users/{name}/disable", (string name, HttpContext http, CancellationToken ct) => SetDisabledAsync(http, auth, name, true, ct));
        admin.MapPost("/api/admin/users/{name}/enable", (string name, HttpContext http, CancellationToken ct) => SetDisabledAsync(http, auth, name, false, ct));
    }

    /// <summary>A JSON error answer, written directly (for middleware that runs before any endpoint).</summary>
    public static Task WriteErrorAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new AuthErrorResponse(message), AuthJsonContext.Default.AuthErrorResponse, cancellationToken: http.RequestAborted);
    }

    public static IResult Error(int status, string message) =>
        Results.Json(new AuthErrorResponse(message), AuthJsonContext.Default.AuthErrorResponse, statusCode: status);

    public static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async Task<IResult> SignInAsync(HttpContext http, AuthService auth, bool secureCookie)
    {
        SignInRequest? body;
        try
        {
            // JSON only: a cross-site HTML form cannot send application/json, so no one signs a browser in
            // to an attacker's account behind the user's back.
            body = await http.Request.ReadFromJsonAsync(AuthJsonContext.Default.SignInRequest, http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return Error(StatusCodes.Status400BadRequest, "The body must be JSON {\"user\": \"…\", \"password\": \"…\"}.");
        }
        if (string.IsNullOrWhiteSpace(body?.User) || string.IsNullOrEmpty(body.Password))
        {
            return Error(StatusCodes.Status400BadRequest, "\"user\" and \"password\" are required.");
        }
        var result = await auth.SignInAsync(body.User, body.Password, Address(http)).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case SignInOutcome.SignedIn:
                if (http.Request.Cookies.TryGetValue(AuthService.CookieName, out var previous) && !string.IsNullOrEmpty(previous))
                {
                    // The browser's old session is replaced, not left valid beside the new one.
                    auth.DropSession(previous);
                }
                http.Response.Cookies.Append(AuthService.CookieName, result.Cookie!, CookieOptions(secureCookie));
                http.Response.Headers.CacheControl = "no-store";
                return Results.Json(Me(result.Caller!), AuthJsonContext.Default.MeResponse);
            case SignInOutcome.Throttled:
                http.Response.Headers.RetryAfter = Math.Ceiling(result.RetryAfter!.Value.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return Error(StatusCodes.Status429TooManyRequests, "Too many failed sign-ins; try again later.");
            default:
                return Error(StatusCodes.Status401Unauthorized, "Wrong user name or password.");
        }
    }

    private static async Task<IResult> CreateUserAsync(HttpContext http, AuthService auth, CancellationToken ct)
    {
        CreateUserRequest? body;
        try
        {
            body = await http.Request.ReadFromJsonAsync(AuthJsonContext.Default.CreateUserRequest, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return Error(StatusCodes.Status400BadRequest, "The body must be JSON {\"user\", \"password\", \"role\", \"scope\", \"displayName\"}.");
        }
        if (body is null)
        {
            return Error(StatusCodes.Status400BadRequest, "A body is required.");
        }
        var error = await auth.CreateUserAsync(new NewUser(body.User ?? "", body.Password ?? "", body.Role ?? "", body.Scope, body.DisplayName),
            http.GetCaller(), Address(http), ct).ConfigureAwait(false);
        if (error is not null)
        {
            return Error(error == AuthService.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, error);
        }
        var user = auth.Users().Single(u => u.Name == body.User!.Trim());
        return Results.Json(new UserJson(user.Name, user.Role, user.Scope, user.DisplayName, user.Disabled, "database"),
            AuthJsonContext.Default.UserJson, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ChangePasswordAsync(HttpContext http, AuthService auth, CancellationToken ct)
    {
        ChangePasswordRequest? body;
        try
        {
            body = await http.Request.ReadFromJsonAsync(AuthJsonContext.Default.ChangePasswordRequest, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return Error(StatusCodes.Status400BadRequest, "The body must be JSON {\"current\": \"…\", \"password\": \"…\"}.");
        }
        http.Request.Cookies.TryGetValue(AuthService.CookieName, out var cookie);
        var error = await auth.ChangePasswordAsync(http.GetCaller(), cookie, body?.Current ?? "", body?.Password ?? "", Address(http), ct).ConfigureAwait(false);
        return error switch
        {
            null => Results.NoContent(),
            AuthService.WrongPassword => Error(StatusCodes.Status403Forbidden, error),
            AuthService.Throttled => Error(StatusCodes.Status429TooManyRequests, error),
            _ => Error(StatusCodes.Status400BadRequest, error),
        };
    }

    private static async Task<IResult> SetDisabledAsync(HttpContext http, AuthService auth, string name, bool disabled, CancellationToken ct)
    {
        var error = await auth.SetDisabledAsync(name, disabled, http.GetCaller(), Address(http), ct).ConfigureAwait(false);
        if (error is not null)
        {
            return Error(error == AuthService.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, error);
        }
        var user = auth.Users().Single(u => u.Name == name);
        return Results.Json(new UserJson(user.Name, user.Role, user.Scope, user.DisplayName, user.Disabled, "database"), AuthJsonContext.Default.UserJson);
    }

    private static async Task<IResult> AuditAsync(HttpContext http, AuthService auth, CancellationToken ct)
    {
        var query = http.Request.Query;
        if (!Number(query, "after", 0, long.MaxValue, 0, out var after) || !Number(query, "limit", 1, MaxAuditLimit, DefaultAuditLimit, out var limit))
        {
            return Error(StatusCodes.Status400BadRequest, $"'after' must be a whole number ≥ 0 and 'limit' 1 to {MaxAuditLimit}.");
        }
        var user = query.TryGetValue("user", out var u) && !string.IsNullOrWhiteSpace(u.ToString()) ? u.ToString().Trim() : null;
        var entries = await auth.AuditAsync(after, user, (int)limit, ct).ConfigureAwait(false);
        return Results.Json(new AuthAuditResponse(entries, entries.Count > 0 ? entries[^1].Id : after), AuthJsonContext.Default.AuthAuditResponse);
    }

    private static bool Number(IQueryCollection query, string name, long min, long max, long fallback, out long value)
    {
        value = fallback;
        return !query.TryGetValue(name, out var text) || string.IsNullOrWhiteSpace(text.ToString())
            || (long.TryParse(text.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);
    }

    private static MeResponse Me(Caller caller) =>
        new(caller.Name, caller.Role, caller.Scope, caller.DisplayName, caller.Kind == CallerKind.Session ? "session" : "token");

    private static CookieOptions CookieOptions(bool secure) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = secure,
        Path = "/",
        IsEssential = true,
    };
}
