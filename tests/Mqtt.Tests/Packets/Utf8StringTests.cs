using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Tests.Packets;

public sealed class Utf8StringTests
{
    /// <summary>MQTT 5.0 §1.5.4 figure 1-1 / 3.1.1 §1.5.3 figure 1.1: "A𪛔" = U+0041 U+2A6D4.</summary>
    [Fact]
    public void SpecificationExampleDecodes()
    {
        // PUBLISH QoS 0, topic "A𪛔" (length 0x0005, 0x41, 0xF0 0xAA 0x9B 0x94), empty payload.
        byte[] bytes = [0x30, 0x07, 0x00, 0x05, 0x41, 0xF0, 0xAA, 0x9B, 0x94];
        var publish = Assert.IsType<PublishPacket>(PacketTestHelpers.ReadOne(bytes, MqttProtocolVersion.V311));
        Assert.Equal("A\U0002A6D4", publish.Topic);
        Assert.Equal(bytes, MqttPacketWriter.ToArray(publish, MqttProtocolVersion.V311));
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x00, 0x62 })] // U+0000 (§1.5.4: MUST NOT include)
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // encoded surrogate U+D800
    [InlineData(new byte[] { 0xED, 0xBF, 0xBF })] // encoded surrogate U+DFFF
    [InlineData(new byte[] { 0xC0, 0x80 })] // overlong U+0000
    [InlineData(new byte[] { 0xE0, 0x80, 0xAF })] // overlong '/'
    [InlineData(new byte[] { 0xF0, 0xAA, 0x9B })] // truncated four-byte sequence
    [InlineData(new byte[] { 0xFF })] // never valid in UTF-8
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // above U+10FFFF
    public void IllFormedTopicIsMalformed(byte[] topic)
    {
        var bytes = new List<byte> { 0x30, (byte)(2 + topic.Length), 0x00, (byte)topic.Length };
        bytes.AddRange(topic);
        var ex = PacketTestHelpers.Malformed([.. bytes], MqttProtocolVersion.V500);
        Assert.Equal(MqttReasonCode.MalformedPacket, ex.ReasonCode);
    }

    [Fact]
    public void WriterRefusesStringsThatCannotBeSent()
    {
        // A Fact rather than a Theory: test case serialisation would replace lone surrogates by U+FFFD.
        foreach (var topic in new[] { "a\0b", "a\uD800b", "\uDC00", "x\uDBFF" })
        {
            Assert.Throws<ArgumentException>(() => MqttPacketWriter.ToArray(
                new PublishPacket { Topic = topic }, MqttProtocolVersion.V500));
        }

        // A proper surrogate pair is fine.
        Assert.NotEmpty(MqttPacketWriter.ToArray(new PublishPacket { Topic = "a\U0002A6D4" }, MqttProtocolVersion.V500));
    }

    [Fact]
    public void WriterRefusesStringsOverSixtyFourKibibytes()
    {
        Assert.Throws<ArgumentException>(() => MqttPacketWriter.ToArray(
            new PublishPacket { Topic = new string('a', 65_536) }, MqttProtocolVersion.V500));
        var ok = MqttPacketWriter.ToArray(new PublishPacket { Topic = new string('a', 65_535) }, MqttProtocolVersion.V500);
        Assert.Equal(65_535, ((PublishPacket)PacketTestHelpers.ReadOne(ok, MqttProtocolVersion.V500)).Topic.Length);
    }
}
