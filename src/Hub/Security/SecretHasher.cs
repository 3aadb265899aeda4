namespace TelemetryGateway.Hub;

/// <summary>Gateway secrets as stored in the hub's configuration: PBKDF2-HMAC-SHA256, never the secret
/// (the form of <see cref="Pbkdf2Hash"/>).</summary>
public static class SecretHasher
{
    /// <summary>Iterations of new hashes.</summary>
    public const int DefaultIterations = 100_000;

    /// <summary>Fewest iterations a stored hash may name; weaker hashes are refused as misconfiguration.</summary>
    public const int MinIterations = 100_000;

    /// <summary>Hashes <paramref name="secret"/> with a fresh random salt.</summary>
    public static string Hash(string secret) => Hash(secret, DefaultIterations);

    /// <summary>Hashes <paramref name="secret"/> with a fresh random salt and <paramref name="iterations"/> (at least <see cref="MinIterations"/>).</summary>
    public static string Hash(string secret, int iterations) => Pbkdf2Hash.Create(secret, iterations, MinIterations);

    /// <summary>True when <paramref name="secret"/> is the one <paramref name="hash"/> was made from. The
    /// comparison takes the same time wherever the hashes differ; a malformed hash verifies nothing.</summary>
    public static bool Verify(string secret, string hash) =>
        !string.IsNullOrEmpty(secret)
        && Pbkdf2Hash.TryParse(hash, MinIterations, out var iterations, out var salt, out var expected)
        && Pbkdf2Hash.Matches(secret, salt, iterations, expected);

    /// <summary>True when <paramref name="hash"/> has the form <see cref="Hash(string)"/> produces.</summary>
    public static bool IsHash(string? hash) => Pbkdf2Hash.TryParse(hash, MinIterations, out _, out _, out _);
}
