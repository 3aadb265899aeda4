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
        var valid = await PasswordWorkAsync(() => PasswordHasher.Verify(password, user?.PasswordHash), CancellationToken.None).ConfigureAwait(false);
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
        var hash = await PasswordWorkAsync(() => PasswordHasher.Hash(request.Password), ct).ConfigureAwait(false);
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

    /// <summary>A signed-in user changes their own password (the current one proves it is them). The user's
    /// other sessions end; the calling one stays. Returns an error message, or null when changed.</summary>
    public async Task<string?> ChangePasswordAsync(Caller caller, string? sessionCookie, string current, string next, string address, CancellationToken ct)
    {
        if (caller.Kind != CallerKind.Session || !_users.TryGetValue(caller.Name, out var user))
        {
            return "Only a signed-in user changes a password.";
        }
        if (user.FromConfiguration)
        {
            return $"{caller.Name} is configured in Hub:Auth:Users; change the hash there (tg hash-password).";
        }
        if (next is null || next.Length < PasswordHasher.MinPasswordLength)
        {
            return $"The new password must have at least {PasswordHasher.MinPasswordLength} characters.";
        }
        if (_throttle.Check(user.Name, address) is not null)
        {
            return Throttled;
        }
        if (!await PasswordWorkAsync(() => PasswordHasher.Verify(current ?? "", user.PasswordHash), ct).ConfigureAwait(false))
        {
            // Guessing the current password through a borrowed session is throttled like sign-in.
            _throttle.Failed(user.Name, address);
            await AuditAsync(AuthAuditActions.PasswordChangeRefused, user.Name, user.Name, user.Role, address, "wrong current password").ConfigureAwait(false);
            return WrongPassword;
        }
        var hash = await PasswordWorkAsync(() => PasswordHasher.Hash(next), ct).ConfigureAwait(false);
        var error = await UpdateAsync(user.Name, u => u with { PasswordHash = hash }, AuthAuditActions.PasswordChanged, user.Name, address, ct).ConfigureAwait(false);
        if (error is null)
        {
            _sessions.RemoveUser(user.Name, keep: sessionCookie);
        }
        return error;
    }

    /// <summary>An administrator disables (every session ends) or enables a stored user.</summary>
    public Task<string?> SetDisabledAsync(string name, bool disabled, Caller actor, string address, CancellationToken ct)
    {
        if (_users.TryGetValue(name, out var user) && user.FromConfiguration)
        {
            return Task.FromResult<string?>($"{name} is configured in Hub:Auth:Users; set Disabled there.");
        }
        return UpdateAsync(name, u => u with { Disabled = disabled }, disabled ? AuthAuditActions.UserDisabled : AuthAuditActions.UserEnabled, actor.Name, address, ct);
    }

    private async Task<string?> UpdateAsync(string name, Func<AuthUser, AuthUser> change, string action, string actor, string address, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_users.TryGetValue(name, out var user) || user.FromConfiguration)
            {
                return NotFound;
            }
            var changed = change(user);
            if (!_store.UpdateUser(name, changed.PasswordHash, changed.Disabled))
            {
                return NotFound;
            }
            _users[name] = changed;
            _store.Append(_time.GetUtcNow(), action, name, actor, changed.Role, address, null);
            if (changed.Disabled)
            {
                _sessions.RemoveUser(name);
            }
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The error for a user that is not in the auth database.</summary>
    public const string NotFound = "No such user in the auth database.";

    /// <summary>The error <see cref="ChangePasswordAsync"/> returns while the user name is throttled.</summary>
    public const string Throttled = "Too many failed attempts; try again later.";

    /// <summary>The error <see cref="ChangePasswordAsync"/> returns for a wrong current password.</summary>
    public const string WrongPassword = "The current password is wrong.";

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
    public const string UserDisabled = "user-disabled";
    public const string UserEnabled = "user-enabled";
    public const string PasswordChanged = "password-changed";
    public const string PasswordChangeRefused = "password-change-refused";
}
