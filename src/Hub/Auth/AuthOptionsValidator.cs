namespace TelemetryGateway.Hub.Auth;

/// <summary>Checks <c>Hub:Auth</c> at start: a misconfigured user or token stops the hub with the key named,
/// rather than letting someone in with the wrong scope or a guessable token.</summary>
internal static class AuthOptionsValidator
{
    /// <summary>Shortest token accepted when configured as is (a <c>tg new-token</c> token has 43 characters).</summary>
    public const int MinTokenLength = 32;

    /// <exception cref="InvalidOperationException">The first wrong setting, named by its key.</exception>
    public static void Validate(AuthOptions auth)
    {
        foreach (var (name, user) in auth.Users)
        {
            var key = $"Hub:Auth:Users:{name}";
            Require(!string.IsNullOrWhiteSpace(name) && user is not null, $"{key} is empty.");
            Require(PasswordHasher.IsHash(user!.PasswordHash),
                $"{key}:PasswordHash is not a hash from 'tg hash-password' (pbkdf2-sha256$<iterations ≥ {PasswordHasher.MinIterations}>$<salt>$<hash>); never configure the plain password.");
            RoleAndScope(key, user.Role, user.Scope);
        }
        foreach (var (name, token) in auth.ApiTokens)
        {
            var key = $"Hub:Auth:ApiTokens:{name}";
            Require(!string.IsNullOrWhiteSpace(name) && token is not null, $"{key} is empty.");
            Token($"{key}:Token", token!.Token);
            RoleAndScope(key, token.Role, token.Scope);
        }
        if (!string.IsNullOrEmpty(auth.BootstrapToken))
        {
            Token("Hub:Auth:BootstrapToken", auth.BootstrapToken);
        }
        Require(auth.IdleTimeout > TimeSpan.Zero, "Hub:Auth:IdleTimeout must be positive.");
        Require(auth.AbsoluteTimeout >= auth.IdleTimeout, "Hub:Auth:AbsoluteTimeout must be at least Hub:Auth:IdleTimeout.");
        Require(auth.MaxFailures >= 1 && auth.MaxFailuresPerAddress >= 1, "Hub:Auth:MaxFailures and MaxFailuresPerAddress must be at least 1.");
        Require(auth.FailureWindow > TimeSpan.Zero && auth.LockoutDuration > TimeSpan.Zero, "Hub:Auth:FailureWindow and LockoutDuration must be positive.");
    }

    private static void RoleAndScope(string key, string? role, string? scope)
    {
        Require(AuthRoles.IsKnown(role), $"{key}:Role '{role}' is not one of {string.Join(", ", AuthRoles.All)}.");
        Require(!AuthRoles.NeedsScope(role!) || !string.IsNullOrWhiteSpace(scope),
            $"{key}:Scope is required for role {role} (doctor id, clinic id or hospital id).");
    }

    private static void Token(string key, string? token)
    {
        Require(!string.IsNullOrWhiteSpace(token), $"{key} is empty.");
        if (TokenHasher.IsHash(token!))
        {
            Require(TokenHasher.IsValidHash(token!), $"{key} starts with 'sha256$' but is not the hash 'tg new-token' prints.");
        }
        else
        {
            Require(token!.Length >= MinTokenLength, $"{key} is shorter than {MinTokenLength} characters; use 'tg new-token'.");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
