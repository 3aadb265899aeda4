using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>
/// Broker passwords are kept as PBKDF2-HMAC-SHA256 hashes, never in clear, in the format the
/// hub's gateway secrets use (<c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;hash&gt;</c>, base64),
/// so <c>tg hash-secret</c> makes them.
/// </summary>
public static class MqttPasswordHash
{
    public const int DefaultIterations = 100_000;

    private const string Prefix = "pbkdf2-sha256";
    private const int MinIterations = 10_000;
    private const int MaxIterations = 10_000_000;

    public static string Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Derive(Encoding.UTF8.GetBytes(password), salt, iterations, 32);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="password"/> (the CONNECT password bytes, §3.1.3.6) made
    /// <paramref name="hash"/>; constant-time comparison; a malformed hash verifies nothing.</summary>
    public static bool Verify(ReadOnlySpan<byte> password, string hash)
    {
        if (password.IsEmpty || !TryParse(hash, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Derive(password, salt, iterations, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    public static bool IsHash(string? hash) => TryParse(hash, out _, out _, out _);

    private static byte[] Derive(ReadOnlySpan<byte> password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, length);

    private static bool TryParse(string? text, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        if (text?.Split('$') is not [Prefix, var count, var saltText, var hashText]
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

        return salt.Length >= 16 && hash.Length >= 16;
    }
}
