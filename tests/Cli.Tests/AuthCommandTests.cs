using System.Text;
using TelemetryGateway.Cli.Tests.Infrastructure;
using TelemetryGateway.Hub.Auth;

namespace TelemetryGateway.Cli.Tests;

/// <summary><c>tg hash-password</c> and <c>tg new-token</c> as an operator runs them (docs/auth.md).</summary>
public sealed class AuthCommandTests
{
    [Fact]
    public async Task Hash_password_reads_standard_input_and_prints_a_600k_pbkdf2_hash_that_verifies()
    {
        var run = await TgRun.RunAsync(Encoding.UTF8.GetBytes("village doctor's password\n"), "hash-password");
        Assert.Equal(0, run.ExitCode);
        var hash = run.Stdout.Trim();
        Assert.StartsWith("pbkdf2-sha256$600000$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("village doctor's password", hash));
        Assert.False(PasswordHasher.Verify("village doctor's passworD", hash));

        var tooShort = await TgRun.RunAsync(null, "hash-password", "short");
        Assert.Equal(2, tooShort.ExitCode);
        Assert.Contains("at least 10 characters", tooShort.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_token_prints_a_random_token_and_the_hash_to_configure()
    {
        var first = await TgRun.RunAsync(null, "new-token");
        var second = await TgRun.RunAsync(null, "new-token");
        Assert.Equal(0, first.ExitCode);
        var lines = first.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        var token = lines[0]["token: ".Length..];
        Assert.Equal(43, token.Length);
        Assert.Equal("hash:  " + TokenHasher.Hash(token), lines[1]);
        Assert.NotEqual(first.Stdout, second.Stdout);
    }
}
