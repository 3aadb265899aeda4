using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TelemetryGateway.Hub;

/// <summary>The stored form shared by gateway secrets (<see cref="SecretHasher"/>) and user passwords
/// (<see cref="Auth.PasswordHasher"/>): <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt base64&gt;$&lt;hash base64&gt;</c>.
/// The iteration count travels with the hash so it can be raised later without invalidating stored hashes;
/// each caller sets its own floor.</summary>
internal static class Pbkdf2Hash
{
    private const string Prefix = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    public const int MaxIterations = 10_000_000;

    /// <summary>Hashes <paramref name="secret"/> with a fresh random salt.</summary>
    public static string Create(string secret, int iterations, int minIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, minIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(secret, salt, iterations, HashBytes);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="secret"/> derives <paramref name="stored"/>'s hash; compared in constant time.</summary>
    public static bool Matches(string secret, byte[] salt, int iterations, byte[] stored) =>
        CryptographicOperations.FixedTimeEquals(Derive(secret, salt, iterations, stored.Length), stored);

    public static bool TryParse(string? text, int minIterations, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = text?.Split('$');
        if (parts is not [Prefix, var count, var saltText, var hashText]
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations < minIterations || iterations > MaxIterations)
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

    private static byte[] Derive(string secret, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, length);
}
