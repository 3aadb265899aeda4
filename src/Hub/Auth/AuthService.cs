using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Hub.Auth;

/// <summary>
/// Who may call the hub: users (configuration and the auth database) signing in for a session cookie, and
/// bearer tokens from configuration. Resolves every caller to a role and an <see cref="AccessScope"/>, throttles
/// guessing, and audits every sign-in.
/// </summary>
public sealed partial class AuthService : IDisposable
{
    /// <summary>The actor name of the bootstrap token in the audit log.</summary>
    public const string BootstrapName = "bootstrap";

    private readonly AuthOptions _options;
    private readonly ScopeDirectory _scopes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AuthStore _store;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, AuthUser> _users = new(StringComparer.Ordinal);
    private readonly ConfiguredToken[] _tokens;
    private readonly SessionStore _sessions;
    private readonly SignInThrottle _throttle;
    private readonly AuthMetrics _metrics = new();

    // PBKDF2 at 600 000 iterations is a few hundred milliseconds of one core: at most this many at once, so
    // a burst of sign-ins queues instead of starving ingest of CPU.
    private readonly SemaphoreSlim _passwordWork = new(Math.Max(1, Environment.ProcessorCount / 2));

    private AuthService(AuthOptions options, ScopeDirectory scopes, AuthStore store, TimeProvider time, ILogger logger)
    {
        _options = options;
        _scopes = scopes;
        _store = store;
        _time = time;
        _logger = logger;
        _sessions = new SessionStore(time, options.IdleTimeout, options.AbsoluteTimeout);
        _throttle = new SignInThrottle(time, options);
        var tokens = options.ApiTokens
            .Select(t => new ConfiguredToken(t.Key, t.Value.Role!, Trim(t.Value.Scope), TokenHasher.DigestOfConfigured(t.Value.Token!)))
            .ToList();
        if (!string.IsNullOrEmpty(options.BootstrapToken))
        {
            tokens.Add(new ConfiguredToken(BootstrapName, AuthRoles.Administrator, null, TokenHasher.DigestOfConfigured(options.BootstrapToken)));
        }
        _tokens = [.. tokens];
    }

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "tg_session";

    /// <summary>The header a cookie-authenticated state change must carry (value <c>1</c>): a cross-site page
    /// cannot set it without a CORS preflight, which the hub never grants.</summary>
    public const string CsrfHeader = "X-TG-Request";

    public AuthOptions Options => _options;

    public ScopeDirectory Scopes => _scopes;

    /// <summary>Open sessions (for tests and metrics).</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>Sign-in and access counters.</summary>
    public AuthMetrics Metrics => _metrics;

    /// <summary>Validates <paramref name="hub"/>'s <c>Auth</c> section and opens the auth database.</summary>
    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it.</exception>
    public static AuthService Open(HubOptions hub, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(hub);
        AuthOptionsValidator.Validate(hub.Auth);
        var path = string.IsNullOrWhiteSpace(hub.Auth.DatabasePath) ? Path.Combine(hub.DataDirectory, "auth.db") : hub.Auth.DatabasePath;
        var store = AuthStore.Open(path);
        var service = new AuthService(hub.Auth, ScopeDirectory.From(hub), store, time, logger);
        foreach (var user in store.Users())
        {
            service._users[user.Name] = user;
        }
        // Configuration wins over a stored user of the same name: the operator's file is the authority.
        foreach (var (name, user) in hub.Auth.Users)
        {
            service._users[name] = new AuthUser(name, string.IsNullOrWhiteSpace(user.DisplayName) ? name : user.DisplayName, user.Role!,
                Trim(user.Scope), user.PasswordHash!, user.Disabled, FromConfiguration: true);
        }
        if (!string.IsNullOrEmpty(hub.Auth.BootstrapToken))
        {
            AuthLog.BootstrapTokenActive(logger);
        }
        return service;
    }

    /// <summary>The caller a bearer token stands for, or null. Every configured token is compared, in constant
    /// time, so the time taken says nothing about which token came close.</summary>
    public Caller? AuthenticateToken(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        var digest = TokenHasher.Digest(token);
        ConfiguredToken? match = null;
        foreach (var configured in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, configured.Digest))
            {
                match = configured;
            }
        }
        return match is null ? null
            : new Caller(match.Name, match.Name, match.Role, match.Scope, CallerKind.Token, _scopes.For(match.Role, match.Scope));
    }

    /// <summary>The signed-in user of a session cookie, or null when the session is unknown or expired (idle or
    /// absolute) or the user was disabled. Each use restarts the idle timer. <paramref name="ended"/> is
    /// cancelled when the session ends, so that a long request (an event stream) ends with it.</summary>
    public Caller? AuthenticateSession(string cookie, out CancellationToken ended)
    {
        ended = CancellationToken.None;
        if (string.IsNullOrEmpty(cookie) || _sessions.Touch(cookie) is not { } session
            || !_users.TryGetValue(session.User, out var user) || user.Disabled)
        {
            return null;
        }
        ended = session.Ended;
        return ToCaller(user, CallerKind.Session);
    }

    /// <summary>Forgets a session without auditing (a browser signing in again over an old cookie).</summary>
    public void DropSession(string cookie) => _sessions.Remove(cookie);

    /// <summary>Every user (configured and stored), without password hashes.</summary>
    public IReadOnlyList<AuthUser> Users() => [.. _users.Values.OrderBy(u => u.Name, StringComparer.Ordinal)];

    public void Dispose()
    {
        _store.Dispose();
        _gate.Dispose();
        _passwordWork.Dispose();
    }

    private Caller ToCaller(AuthUser user, CallerKind kind) =>
        new(user.Name, user.DisplayName, user.Role, user.Scope, kind, _scopes.For(user.Role, user.Scope));

    private async Task<AuthAuditEntry> AuditAsync(string action, string user, string actor, string? role, string? address, string? detail)
    {
        // Not cancellable: a sign-in that happened is recorded even when the client has gone away.
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            return _store.Append(_time.GetUtcNow(), action, user, actor, role, address, detail);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs PBKDF2 work on the pool, a bounded number at a time.</summary>
    private async Task<T> PasswordWorkAsync<T>(Func<T> work, CancellationToken ct)
    {
        await _passwordWork.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await Task.Run(work, ct).ConfigureAwait(false);
        }
        finally
        {
            _passwordWork.Release();
        }
    }

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private sealed record ConfiguredToken(string Name, string Role, string? Scope, byte[] Digest);
}
