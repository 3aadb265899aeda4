using TelemetryGateway.Hub.Auth;
using TelemetryGateway.Hub.Tests.Infrastructure;

namespace TelemetryGateway.Hub.Tests.Auth;

/// <summary>A wrong <c>Hub:Auth</c> setting stops the hub at start with the key named, and the password hash
/// format holds what docs/auth.md promises.</summary>
public sealed class AuthConfigurationTests
{
    public static TheoryData<string, string, string> Wrong => new()
    {
        // key, value, what the message names
        { "Hub:Auth:Users:li:PasswordHash", "plain password", "Hub:Auth:Users:li:PasswordHash" },
        // A gateway-secret hash (100 000 iterations) is too weak for a person's password.
        { "Hub:Auth:Users:li:PasswordHash", SecretHasher.Hash("a password of some length"), "Hub:Auth:Users:li:PasswordHash" },
        { "Hub:Auth:Users:li:Role", "janitor", "Hub:Auth:Users:li:Role" },
        { "Hub:Auth:Users:li:Scope", "", "Hub:Auth:Users:li:Scope" },
        { "Hub:Auth:ApiTokens:ci:Token", "short", "Hub:Auth:ApiTokens:ci:Token" },
        // A placeholder with the hash prefix must not become a working token.
        { "Hub:Auth:ApiTokens:ci:Token", "sha256$… output of: tg new-token", "Hub:Auth:ApiTokens:ci:Token" },
        { "Hub:Auth:BootstrapToken", "admin", "Hub:Auth:BootstrapToken" },
    };

    private static readonly Lazy<string> Hash = new(() => PasswordHasher.Hash("a password of some length"));

    [Theory]
    [MemberData(nameof(Wrong))]
    public async Task The_hub_refuses_to_start(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestHub.StartAsync(settings =>
        {
            settings["Hub:Auth:Users:li:PasswordHash"] = Hash.Value;
            settings["Hub:Auth:Users:li:Role"] = AuthRoles.VillageDoctor;
            settings["Hub:Auth:Users:li:Scope"] = "doc-1";
            settings["Hub:Auth:ApiTokens:ci:Token"] = TokenHasher.Hash(TokenHasher.NewToken());
            settings["Hub:Auth:ApiTokens:ci:Role"] = AuthRoles.Administrator;
            settings[key] = value;
        }));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Password_hashes_use_600k_pbkdf2_iterations_and_a_salt_per_hash()
    {
        var first = PasswordHasher.Hash("same password here");
        var second = PasswordHasher.Hash("same password here");
        Assert.StartsWith("pbkdf2-sha256$600000$", first, StringComparison.Ordinal);
        Assert.NotEqual(first.Split('$')[2], second.Split('$')[2]);
        Assert.True(PasswordHasher.Verify("same password here", first));
        Assert.True(PasswordHasher.Verify("same password here", second));
        Assert.False(PasswordHasher.Verify("same password herE", first));
        Assert.False(PasswordHasher.Verify("same password here", null));
        Assert.False(PasswordHasher.IsHash(SecretHasher.Hash("same password here")));
    }
}
