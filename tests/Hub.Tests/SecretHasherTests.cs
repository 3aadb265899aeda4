namespace TelemetryGateway.Hub.Tests;

public sealed class SecretHasherTests
{
    [Fact]
    public void A_hash_names_its_algorithm_iterations_salt_and_hash()
    {
        var hash = SecretHasher.Hash("s3cret");

        var parts = hash.Split('$');
        Assert.Equal(4, parts.Length);
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.True(int.Parse(parts[1]) >= 100_000);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.DoesNotContain("s3cret", hash);
    }

    [Fact]
    public void Verify_accepts_the_secret_and_nothing_else()
    {
        var hash = SecretHasher.Hash("s3cret");

        Assert.True(SecretHasher.Verify("s3cret", hash));
        Assert.False(SecretHasher.Verify("s3cret ", hash));
        Assert.False(SecretHasher.Verify("S3cret", hash));
        Assert.False(SecretHasher.Verify("", hash));
    }

    [Fact]
    public void The_same_secret_hashes_differently_each_time()
    {
        Assert.NotEqual(SecretHasher.Hash("s3cret"), SecretHasher.Hash("s3cret"));
    }

    [Fact]
    public void A_hash_computed_independently_verifies()
    {
        // Python: hashlib.pbkdf2_hmac('sha256', b'password', bytes(range(16)), 100000).hex()
        const string pythonHex = "a29fea0fed85c5b8610c2e5697ea41b5587139e58a388e0c7b7ced30d4e6d8df";
        var salt = Convert.ToBase64String(Enumerable.Range(0, 16).Select(i => (byte)i).ToArray());
        var hash = $"pbkdf2-sha256$100000${salt}${Convert.ToBase64String(Convert.FromHexString(pythonHex))}";

        Assert.True(SecretHasher.Verify("password", hash));
        Assert.False(SecretHasher.Verify("passwore", hash));
    }

    [Theory]
    [InlineData("")]
    [InlineData("s3cret")]
    [InlineData("pbkdf2-sha256$100000$AAAA")]
    [InlineData("pbkdf2-sha1$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$100000$not-base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void A_malformed_or_weak_hash_verifies_nothing(string hash)
    {
        Assert.False(SecretHasher.IsHash(hash));
        Assert.False(SecretHasher.Verify("s3cret", hash));
    }
}
