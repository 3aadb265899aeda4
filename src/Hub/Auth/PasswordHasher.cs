using System.Globalization;
using System.Security.Cryptography;
using System.Text;

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

    private const string Prefix = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const int MaxIterations = 10_000_000;

    // Verified against when the user name is unknown, so that an unknown name costs as much time as a wrong password.
    private static readonly Lazy<string> Decoy = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(18))));

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt.</summary>
    public static string Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, iterations, HashBytes);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="password"/> is the one <paramref name="hash"/> was made from; compared
    /// in constant time. A null or malformed hash verifies nothing but still costs one derivation.</summary>
    public static bool Verify(string password, string? hash)
    {
        if (!TryParse(hash, out var iterations, out var salt, out var expected))
        {
            TryParse(Decoy.Value, out iterations, out salt, out expected);
            Derive(password ?? "", salt, iterations, expected.Length);
            return false;
        }
        var actual = Derive(password ?? "", salt, iterations, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>True when <paramref name="hash"/> has the form <see cref="Hash"/> produces, with enough iterations.</summary>
    public static bool IsHash(string? hash) => TryParse(hash, out _, out _, out _);

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);

    private static bool TryParse(string? text, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = text?.Split('$');
        if (parts is not [Prefix, var count, var saltText, var hashText]
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations is < MinIterations or > MaxIterations)
        {
            return false;
        }
        try
        {
            salt = Convert.FromBase64String(saltText);
            hash = Convert.FromBase64String(hashText);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= SaltBytes && hash.Length >= 16;
    }
}
