using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TelemetryGateway.Hub;

/// <summary>Gateway secrets as stored in the hub's configuration: PBKDF2-HMAC-SHA256, never the secret.</summary>
/// <remarks>Format <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt base64&gt;$&lt;hash base64&gt;</c>; the
/// iteration count travels with the hash so it can be raised later without invalidating stored hashes.</remarks>
public static class SecretHasher
{
    /// <summary>Iterations of new hashes.</summary>
    public const int DefaultIterations = 100_000;

    /// <summary>Fewest iterations a stored hash may name; weaker hashes are refused as misconfiguration.</summary>
    public const int MinIterations = 100_000;

    private const string Prefix = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const int MaxIterations = 10_000_000;

    /// <summary>Hashes <paramref name="secret"/> with a fresh random salt.</summary>
    public static string Hash(string secret) => Hash(secret, DefaultIterations);

    /// <summary>Hashes <paramref name="secret"/> with a fresh random salt and <paramref name="iterations"/> (at least <see cref="MinIterations"/>).</summary>
    public static string Hash(string secret, int iterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(secret, salt, iterations, HashBytes);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="secret"/> is the one <paramref name="hash"/> was made from. The
    /// comparison takes the same time wherever the hashes differ; a malformed hash verifies nothing.</summary>
    public static bool Verify(string secret, string hash)
    {
        if (string.IsNullOrEmpty(secret) || !TryParse(hash, out var iterations, out var salt, out var expected))
        {
            return false;
        }
        var actual = Derive(secret, salt, iterations, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>True when <paramref name="hash"/> has the form <see cref="Hash(string)"/> produces.</summary>
    public static bool IsHash(string? hash) => TryParse(hash, out _, out _, out _);

    private static byte[] Derive(string secret, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, length);

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
