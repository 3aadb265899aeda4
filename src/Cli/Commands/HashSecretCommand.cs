using TelemetryGateway.Hub;

namespace TelemetryGateway.Cli.Commands;

/// <summary>
/// tg hash-secret [SECRET]: prints the PBKDF2 hash to put in Hub:Gateways:&lt;id&gt;:Secret. Without an argument
/// the secret is read from standard input, so it stays out of shell history.
/// </summary>
internal static class HashSecretCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var secret = args.Length > 0 ? args[0] : (await Console.In.ReadLineAsync())?.Trim();
        if (string.IsNullOrEmpty(secret))
        {
            throw new UsageException("hash-secret needs a secret (argument or one line on standard input).");
        }
        Console.Out.WriteLine(SecretHasher.Hash(secret));
        return 0;
    }
}
