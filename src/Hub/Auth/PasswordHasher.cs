using System.Security.Cryptography;

namespace TelemetryGateway.Hub.Auth;

/// <summary>User passwords: PBKDF2-HMAC-SHA256 with a per-user random salt and at least 600 000 iterations
/// (OWASP Password Storage Cheat Sheet, 2023 figure for PBKDF2-HMAC-SHA256).</summary>
/// <remarks>Format <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt base64&gt;$&lt;hash base64&gt;</c>, the same shape as
/// gateway secrets (<see cref="SecretHasher"/>) but with a higher floor: a person's password has far less
/// entropy than a generated gateway secret, so each guess must cost more.</remarks>
public static class PasswordHasher
{
    /// <summary>Iterations of new hashes.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Fewest iterations a stored hash may name; weaker hashes are refused as misconfiguration.</summary>
    public const int MinIterations = 600_000;

    /// <summary>Shortest password accepted for a new user.</summary>
    public const int MinPasswordLength = 10;

    // Verified against when the user name is unknown, so that an unknown name costs as much time as a wrong password.
    private static readonly Lazy<string> Decoy = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(18))));

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt.</summary>
    public static string Hash(string password, int iterations = DefaultIterations) => Pbkdf2Hash.Create(password, iterations, MinIterations);

    /// <summary>True when <paramref name="password"/> is the one <paramref name="hash"/> was made from; compared
    /// in constant time. A null or malformed hash verifies nothing but still costs one derivation.</summary>
    public static bool Verify(string password, string? hash)
    {
        if (!Pbkdf2Hash.TryParse(hash, MinIterations, out var iterations, out var salt, out var expected))
        {
            Pbkdf2Hash.TryParse(Decoy.Value, MinIterations, out iterations, out salt, out expected);
            Pbkdf2Hash.Matches(password ?? "", salt, iterations, expected);
            return false;
        }
        return Pbkdf2Hash.Matches(password ?? "", salt, iterations, expected);
    }

    /// <summary>True when <paramref name="hash"/> has the form <see cref="Hash"/> produces, with enough iterations.</summary>
    public static bool IsHash(string? hash) => Pbkdf2Hash.TryParse(hash, MinIterations, out _, out _, out _);
}
