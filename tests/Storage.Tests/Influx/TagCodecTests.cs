using TelemetryGateway.Storage.Influx.Internal;

namespace TelemetryGateway.Storage.Tests.Influx;

public sealed class TagCodecTests
{
    [Theory]
    [InlineData("AA:BB:CC:DD:EE:FF", "AA:BB:CC:DD:EE:FF")] // ordinary ids are stored as they are
    [InlineData("a b,c=d \"q\" 'x' 王 🩺", "a b,c=d \"q\" 'x' 王 🩺")] // line-protocol escaping handles these
    [InlineData("back\\slash", "back%5Cslash")]
    [InlineData("tab\tnew\nline\r", "tab%09new%0Aline%0D")]
    [InlineData("100% sure", "100%25 sure")]
    [InlineData("del\x7F", "del%7F")]
    public void Encodes_only_what_line_protocol_cannot_carry_and_decodes_back(string id, string stored)
    {
        Assert.Equal(stored, TagCodec.Encode(id));
        Assert.Equal(id, TagCodec.Decode(stored));
    }

    [Theory]
    [InlineData("bad%")]
    [InlineData("bad%4")]
    [InlineData("bad%ZZ")]
    public void A_malformed_escape_is_reported(string stored) =>
        Assert.Throws<InvalidDataException>(() => TagCodec.Decode(stored));
}
