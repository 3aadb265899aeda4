using TelemetryGateway.Grpc.Internal;

namespace TelemetryGateway.Grpc.Tests.Protocol;

public sealed class StatusAndMetadataEncodingTests
{
    [Theory]
    [InlineData("plain message", "plain message")]
    [InlineData("100%", "100%25")]
    [InlineData("tab\there", "tab%09here")]
    [InlineData("☺", "%E2%98%BA")]
    [InlineData("😈", "%F0%9F%98%88")]
    [InlineData("~ and space", "~ and space")]
    public void Grpc_message_is_percent_encoded_utf8(string message, string wire)
    {
        Assert.Equal(wire, PercentEncoding.Encode(message));
        Assert.Equal(message, PercentEncoding.Decode(wire));
    }

    [Fact]
    public void Interop_special_status_message_round_trips()
    {
        const string special = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";
        var wire = PercentEncoding.Encode(special);
        Assert.Equal("%09%0Atest with whitespace%0D%0Aand Unicode BMP %E2%98%BA and non-BMP %F0%9F%98%88%09%0A", wire);
        Assert.Equal(special, PercentEncoding.Decode(wire));
    }

    [Theory]
    [InlineData("%", "%")]
    [InlineData("%4", "%4")]
    [InlineData("%zz ok", "%zz ok")]
    [InlineData("a%41", "aA")]
    [InlineData("%e2%98%ba", "☺")]
    public void Malformed_escapes_decode_leniently(string wire, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Decode(wire));
    }

    [Fact]
    public void Binary_metadata_is_sent_unpadded_base64_and_read_padded_or_not()
    {
        var entry = new Metadata.Entry("x-trace-bin", [0xAB, 0xAB, 0xAB, 0x01]);
        Assert.Equal("q6urAQ", MetadataHeaders.EncodeValue(entry));
        Assert.Equal(new byte[] { 0xAB, 0xAB, 0xAB, 0x01 }, MetadataHeaders.DecodeBase64("q6urAQ"));
        Assert.Equal(new byte[] { 0xAB, 0xAB, 0xAB, 0x01 }, MetadataHeaders.DecodeBase64("q6urAQ=="));
        Assert.Null(MetadataHeaders.DecodeBase64("q6u*AQ"));
    }

    [Fact]
    public void Folded_binary_header_values_become_separate_entries()
    {
        var entries = MetadataHeaders.Decode("x-bin", "AQ, AgM").ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal(new byte[] { 1 }, entries[0].ValueBytes);
        Assert.Equal(new byte[] { 2, 3 }, entries[1].ValueBytes);
    }

    [Fact]
    public void Keys_are_lowercased_and_validated()
    {
        Assert.Equal("x-gateway-id", new Metadata.Entry("X-Gateway-Id", "gw-1").Key);
        Assert.Throws<ArgumentException>(() => new Metadata.Entry("bad key", "v"));
        Assert.Throws<ArgumentException>(() => new Metadata.Entry("x-bin", "text for a binary key"));
        Assert.Throws<ArgumentException>(() => new Metadata.Entry("x-text", [1, 2]));
        Assert.Throws<ArgumentException>(() => new Metadata.Entry("x-text", "line\nbreak"));
    }

    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("application/grpc; charset=utf-8", true)]
    [InlineData("application/grpcx", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void Content_type_must_be_application_grpc(string? contentType, bool expected)
    {
        Assert.Equal(expected, GrpcProtocol.IsGrpcContentType(contentType));
    }
}
