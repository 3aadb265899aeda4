using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Hub.Auth;

/// <summary>What became of a sign-in.</summary>
public enum SignInOutcome
{
    SignedIn,
    /// <summary>Unknown user, wrong password or disabled user: one answer for all three.</summary>
    Refused,
    /// <summary>Too many recent failures for this user name or address (429).</summary>
    Throttled,
}

/// <param name="Cookie">The session cookie value when signed in.</param>
/// <param name="RetryAfter">When throttled: how long until the next attempt may go ahead.</param>
public sealed record SignInResult(SignInOutcome Outcome, Caller? Caller, string? Cookie, TimeSpan? RetryAfter);

/// <summary>A user to create (<c>POST /api/admin/users</c>).</summary>
public sealed record NewUser(string Name, string Password, string Role, string? Scope, string? DisplayName);

public sealed partial class AuthService
{
    /// <summary>Checks <paramref name="password"/> for <paramref name="userName"/> and starts a session. Every
    /// attempt is audited with the address; an unknown name costs the same PBKDF2 work as a wrong password.</summary>
    public async Task<SignInResult> SignInAsync(string userName, string password, string address)
    {
        userName = userName.Trim();
        if (_throttle.Check(userName, address) is { } wait)
        {
            AuthLog.SignInThrottled(_logger, userName, address, wait);
            await AuditAsync(AuthAuditActions.SignInThrottled, userName, userName, null, address, null).ConfigureAwait(false);
            _metrics.Outcome(SignInOutcome.Throttled);
            return new SignInResult(SignInOutcome.Throttled, null, null, wait);
        }
        _users.TryGetValue(userName, out var user);
        // PBKDF2 is CPU work: off the request thread's synchronisation context, onto the pool.
        var valid = await Task.Run(() => PasswordHasher.Verify(password, user?.PasswordHash)).ConfigureAwait(false);
        if (!valid || user is null || user.Disabled)
        {
            _throttle.Failed(userName, address);
            AuthLog.SignInFailed(_logger, userName, address);
            var detail = user is null ? "unknown user" : user.Disabled ? "user disabled" : "wrong password";
            await AuditAsync(AuthAuditActions.SignInFailed, userName, userName, user?.Role, address, detail).ConfigureAwait(false);
            _metrics.Outcome(SignInOutcome.Refused);
            return new SignInResult(SignInOutcome.Refused, null, null, null);
        }
        _throttle.Succeeded(userName);
        var cookie = _sessions.Create(user.Name);
        AuthLog.SignedIn(_logger, user.Name, user.Role, address);
        await AuditAsync(AuthAuditActions.SignIn, user.Name, user.Name, user.Role, address, null).ConfigureAwait(false);
        _metrics.Outcome(SignInOutcome.SignedIn);
        return new SignInResult(SignInOutcome.SignedIn, ToCaller(user, CallerKind.Session), cookie, null);
    }

    /// <summary>Ends the session of <paramref name="cookie"/> and audits it.</summary>
    public async Task SignOutAsync(string cookie, Caller caller, string address)
    {
        _sessions.Remove(cookie);
        AuthLog.SignedOut(_logger, caller.Name);
        await AuditAsync(AuthAuditActions.SignOut, caller.Name, caller.Name, caller.Role, address, null).ConfigureAwait(false);
    }

    /// <summary>Creates a user in the auth database; returns an error message, or null when created.</summary>
    public async Task<string?> CreateUserAsync(NewUser request, Caller actor, string address, CancellationToken ct)
    {
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 64 || name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return "\"user\" must be 1 to 64 characters without spaces.";
        }
        if (!AuthRoles.IsKnown(request.Role))
        {
            return $"\"role\" must be one of {string.Join(", ", AuthRoles.All)}.";
        }
        var scope = Trim(request.Scope);
        if (AuthRoles.NeedsScope(request.Role) && scope is null)
        {
            return $"\"scope\" is required for role {request.Role} (doctor id, clinic id or hospital id).";
        }
        if (request.Password is null || request.Password.Length < PasswordHasher.MinPasswordLength)
        {
            return $"\"password\" must have at least {PasswordHasher.MinPasswordLength} characters.";
        }
        if (_users.ContainsKey(name))
        {
            return Conflict;
        }
        var hash = await Task.Run(() => PasswordHasher.Hash(request.Password), ct).ConfigureAwait(false);
        var user = new AuthUser(name, Trim(request.DisplayName) ?? name, request.Role, request.Role == AuthRoles.Administrator ? null : scope,
            hash, Disabled: false, FromConfiguration: false);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            if (!_users.TryAdd(name, user) || !_store.AddUser(user, now, actor.Name))
            {
                _users.TryRemove(new KeyValuePair<string, AuthUser>(name, user));
                return Conflict;
            }
            _store.Append(now, AuthAuditActions.UserCreated, name, actor.Name, user.Role, address, user.Scope);
        }
        finally
        {
            _gate.Release();
        }
        AuthLog.UserCreated(_logger, name, user.Role, user.Scope, actor.Name);
        return null;
    }

    /// <summary>The error <see cref="CreateUserAsync"/> returns for a name already taken.</summary>
    public const string Conflict = "A user of that name exists.";

    /// <summary>Sign-in audit entries after <paramref name="afterId"/>, oldest first.</summary>
    public async Task<List<AuthAuditEntry>> AuditAsync(long afterId, string? user, int limit, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return _store.Audit(afterId, user, limit);
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>The actions of the sign-in audit.</summary>
public static class AuthAuditActions
{
    public const string SignIn = "signin";
    public const string SignInFailed = "signin-failed";
    public const string SignInThrottled = "signin-throttled";
    public const string SignOut = "signout";
    public const string UserCreated = "user-created";
}
