using System.Buffers;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Tests.Packets;

public sealed class VariableByteIntegerTests
{
    /// <summary>The boundary table of MQTT 5.0 §1.5.5 (table 1-1) and MQTT 3.1.1 §2.2.3 (table 2.4).</summary>
    [Theory]
    [InlineData(0, new byte[] { 0x00 })]
    [InlineData(127, new byte[] { 0x7F })]
    [InlineData(128, new byte[] { 0x80, 0x01 })]
    [InlineData(16_383, new byte[] { 0xFF, 0x7F })]
    [InlineData(16_384, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(2_097_151, new byte[] { 0xFF, 0xFF, 0x7F })]
    [InlineData(2_097_152, new byte[] { 0x80, 0x80, 0x80, 0x01 })]
    [InlineData(268_435_455, new byte[] { 0xFF, 0xFF, 0xFF, 0x7F })]
    public void EncodesAndDecodesTheSpecificationTable(int value, byte[] encoded)
    {
        Span<byte> buffer = stackalloc byte[4];
        var written = MqttVariableByteInteger.Write(buffer, value);
        Assert.Equal(encoded, buffer[..written].ToArray());
        Assert.Equal(encoded.Length, MqttVariableByteInteger.GetByteCount(value));

        Assert.Equal(MqttVariableByteInteger.Status.Done, MqttVariableByteInteger.TryRead(encoded, out var decoded, out var length));
        Assert.Equal(value, decoded);
        Assert.Equal(encoded.Length, length);
    }

    [Fact]
    public void FifthContinuationByteIsRejected()
    {
        Assert.Equal(MqttVariableByteInteger.Status.TooLong,
            MqttVariableByteInteger.TryRead([0xFF, 0xFF, 0xFF, 0xFF, 0x01], out _, out _));
    }

    [Fact]
    public void RemainingLengthOfFiveBytesIsMalformed()
    {
        // PINGREQ with a five-byte Remaining Length.
        var ex = PacketTestHelpers.Malformed([0xC0, 0x80, 0x80, 0x80, 0x80, 0x01], MqttProtocolVersion.V500);
        Assert.Equal(MqttReasonCode.MalformedPacket, ex.ReasonCode);
    }

    [Fact]
    public void IncompleteRemainingLengthNeedsMoreBytes()
    {
        var reader = new MqttPacketReader();
        var buffer = new ReadOnlySequence<byte>([0x30, 0x80, 0x80]);
        Assert.False(reader.TryRead(ref buffer, out _));
        Assert.Equal(3, buffer.Length);
    }

    [Fact]
    public void ValuesOutsideTheRangeCannotBeWritten()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MqttVariableByteInteger.GetByteCount(268_435_456));
        Assert.Throws<ArgumentOutOfRangeException>(() => MqttVariableByteInteger.GetByteCount(-1));
    }
}
