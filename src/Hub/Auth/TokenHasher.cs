using System.Security.Cryptography;
using System.Text;

namespace TelemetryGateway.Hub.Auth;

/// <summary>Bearer tokens and session ids: 32 random bytes (base64url), kept only as their SHA-256.</summary>
/// <remarks>A single fast hash is enough here, unlike passwords: a token has 256 bits of entropy, so there is
/// nothing to guess; hashing only keeps the configuration and memory free of usable credentials.</remarks>
public static class TokenHasher
{
    private const string Prefix = "sha256$";

    /// <summary>A new random token (43 characters, URL- and header-safe).</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The form to configure: <c>sha256$&lt;base64url of SHA-256(token)&gt;</c>.</summary>
    public static string Hash(string token) => Prefix + Base64Url(Digest(token));

    /// <summary>The SHA-256 of <paramref name="token"/>: the key tokens and sessions are looked up by.</summary>
    public static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>The digest a configured value stands for: a <see cref="Hash"/> string, or a token given as is.</summary>
    /// <exception cref="FormatException">The value has the hash prefix but is no hash (a placeholder, a typo):
    /// taking it as a token would make that text a working credential.</exception>
    public static byte[] DigestOfConfigured(string configured)
    {
        if (!IsHash(configured))
        {
            return Digest(configured);
        }
        return TryFromBase64Url(configured[Prefix.Length..], out var digest) && digest.Length == 32
            ? digest
            : throw new FormatException("A value starting with 'sha256$' must be the hash 'tg new-token' prints.");
    }

    /// <summary>True when <paramref name="configured"/> claims to be a hash (has the prefix).</summary>
    public static bool IsHash(string configured) => configured.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>True when <paramref name="configured"/> is a well-formed hash.</summary>
    public static bool IsValidHash(string configured) =>
        IsHash(configured) && TryFromBase64Url(configured[Prefix.Length..], out var digest) && digest.Length == 32;

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        try
        {
            bytes = Convert.FromBase64String(padded);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
