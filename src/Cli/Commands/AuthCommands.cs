using TelemetryGateway.Hub.Auth;

namespace TelemetryGateway.Cli.Commands;

/// <summary>
/// tg hash-password [PASSWORD]: prints the PBKDF2 hash for <c>Hub:Auth:Users:&lt;name&gt;:PasswordHash</c>; without
/// an argument the password is read from standard input, so it stays out of shell history.
/// tg new-token: prints a new random API token and the hash to configure for it (<c>Hub:Auth:ApiTokens:&lt;name&gt;:Token</c>
/// or <c>Hub:Auth:BootstrapToken</c>).
/// </summary>
internal static class AuthCommands
{
    public static async Task<int> HashPasswordAsync(string[] args)
    {
        var password = args.Length > 0 ? args[0] : (await Console.In.ReadLineAsync())?.TrimEnd('\r', '\n');
        if (string.IsNullOrEmpty(password))
        {
            throw new UsageException("hash-password needs a password (argument or one line on standard input).");
        }
        if (password.Length < PasswordHasher.MinPasswordLength)
        {
            throw new UsageException($"hash-password: a password needs at least {PasswordHasher.MinPasswordLength} characters.");
        }
        Console.Out.WriteLine(PasswordHasher.Hash(password));
        return 0;
    }

    public static int NewToken(string[] args)
    {
        if (args.Length > 0)
        {
            throw new UsageException("new-token takes no arguments.");
        }
        var token = TokenHasher.NewToken();
        Console.Out.WriteLine($"token: {token}");
        Console.Out.WriteLine($"hash:  {TokenHasher.Hash(token)}");
        Console.Error.WriteLine("Give the token to the client (Authorization: Bearer <token>); configure the hash, e.g. Hub:Auth:ApiTokens:<name>:Token.");
        return 0;
    }
}
