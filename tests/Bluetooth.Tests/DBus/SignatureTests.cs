using TelemetryGateway.Bluetooth.DBus.Wire;

namespace TelemetryGateway.Bluetooth.Tests.DBus;

/// <summary>D-Bus Specification 0.41 "Valid Signatures".</summary>
public sealed class SignatureTests
{
    [Theory]
    [InlineData("")]
    [InlineData("ybnqiuxtdsogh")]
    [InlineData("a{sv}")]
    [InlineData("a{oa{sa{sv}}}")]
    [InlineData("(ybs)a(is)aas")]
    [InlineData("v")]
    public void Valid_signatures_are_accepted(string signature) => Signature.Validate(signature);

    [Theory]
    [InlineData("a", "ends inside")]
    [InlineData("()", "empty struct")]
    [InlineData("(i", "unclosed")]
    [InlineData("i)", "unmatched")]
    [InlineData("{sv}", "outside an array")]
    [InlineData("a{vs}", "key must be a basic type")]
    [InlineData("a{sss}", "exactly a key and a value")]
    [InlineData("a{s}", "")]
    [InlineData("z", "unknown type code")]
    public void Invalid_signatures_are_protocol_errors(string signature, string expected)
    {
        var error = Assert.Throws<DBusProtocolException>(() => Signature.Validate(signature));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_limits_are_32_arrays_and_32_structs()
    {
        Signature.Validate(new string('a', 32) + "y");
        Assert.Throws<DBusProtocolException>(() => Signature.Validate(new string('a', 33) + "y"));
        Signature.Validate(new string('(', 32) + "y" + new string(')', 32));
        Assert.Throws<DBusProtocolException>(() => Signature.Validate(new string('(', 33) + "y" + new string(')', 33)));
    }

    [Fact]
    public void Signatures_longer_than_255_are_refused()
    {
        Signature.Validate(new string('y', 255));
        Assert.Throws<DBusProtocolException>(() => Signature.Validate(new string('y', 256)));
    }

    [Fact]
    public void Split_yields_single_complete_types()
    {
        Assert.Equal(["a{sv}", "(ybs)", "as", "i"], Signature.Split("a{sv}(ybs)asi"));
    }
}
