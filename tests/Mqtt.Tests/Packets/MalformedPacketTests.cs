using System.Buffers;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Tests.Packets;

/// <summary>Input that a receiver must refuse, with the reason code it closes with (MQTT 5.0 §4.13).</summary>
public sealed class MalformedPacketTests
{
    public static TheoryData<byte[], MqttProtocolVersion, MqttReasonCode> Cases => new()
    {
        // Packet type 0 is reserved (§2.1.2).
        { [0x00, 0x00], MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
        // AUTH does not exist in 3.1.1.
        { [0xF0, 0x00], MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        // SUBSCRIBE with fixed header flags 0000 instead of 0010 (§2.1.3).
        { [0x80, 0x06, 0x00, 0x01, 0x00, 0x01, (byte)'a', 0x00], MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        // PINGREQ with flags set.
        { [0xC1, 0x00], MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        // PINGREQ with a body.
        { [0xC0, 0x01, 0x00], MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        // PUBLISH QoS 3 (§3.3.1.2).
        { [0x36, 0x05, 0x00, 0x01, (byte)'t', 0x00, 0x01], MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        // PUBLISH QoS 0 with DUP (§3.3.1.1).
        { [0x38, 0x03, 0x00, 0x01, (byte)'t'], MqttProtocolVersion.V311, MqttReasonCode.ProtocolError },
        // PUBLISH QoS 1 with Packet Identifier 0 (§2.2.1).
        { [0x32, 0x05, 0x00, 0x01, (byte)'t', 0x00, 0x00], MqttProtocolVersion.V311, MqttReasonCode.ProtocolError },
        // PUBLISH to a topic with a wildcard (§3.3.2.1).
        { [0x30, 0x05, 0x00, 0x03, (byte)'a', (byte)'/', (byte)'#'], MqttProtocolVersion.V311, MqttReasonCode.TopicNameInvalid },
        { [0x30, 0x04, 0x00, 0x01, (byte)'+', 0x00], MqttProtocolVersion.V500, MqttReasonCode.TopicNameInvalid },
        // PUBLISH with an empty topic and no Topic Alias.
        { [0x30, 0x03, 0x00, 0x00, 0x00], MqttProtocolVersion.V500, MqttReasonCode.ProtocolError },
        { [0x30, 0x02, 0x00, 0x00], MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        // PUBLISH with Topic Alias 0 (§3.3.2.3.4).
        { [0x30, 0x06, 0x00, 0x00, 0x03, 0x23, 0x00, 0x00], MqttProtocolVersion.V500, MqttReasonCode.TopicAliasInvalid },
        // PUBLISH whose topic length runs past the Remaining Length.
        { [0x30, 0x03, 0x00, 0x09, (byte)'t'], MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        // CONNECT with the reserved flag set (§3.1.2.3).
        { [0x10, 0x0D, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x03, 0x00, 0x00, 0x00, 0x01, (byte)'c'], MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
        // CONNECT with Will QoS but no Will Flag (§3.1.2.6).
        { [0x10, 0x0D, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x08, 0x00, 0x00, 0x00, 0x01, (byte)'c'], MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
        // CONNECT 3.1.1 with a password but no user name (§3.1.2.9).
        { [0x10, 0x10, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x40, 0x00, 0x00, 0x00, 0x01, (byte)'c', 0x00, 0x01, 0x70], MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
        // CONNECT for MQTT 3.1 ("MQIsdp", level 3).
        { [0x10, 0x0F, 0x00, 0x06, (byte)'M', (byte)'Q', (byte)'I', (byte)'s', (byte)'d', (byte)'p', 0x03, 0x02, 0x00, 0x00, 0x00, 0x01, (byte)'c'], MqttProtocolVersion.V500, MqttReasonCode.UnsupportedProtocolVersion },
        // CONNACK with reserved acknowledge flags (§3.2.2.1).
        { [0x20, 0x02, 0x02, 0x00], MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        // CONNACK 3.1.1 return code 6 is reserved.
        { [0x20, 0x02, 0x00, 0x06], MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        // PUBACK 3.1.1 with a reason code byte (Remaining Length must be 2).
        { [0x40, 0x03, 0x00, 0x01, 0x00], MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        // SUBSCRIBE without any filter (§3.8.3).
        { [0x82, 0x02, 0x00, 0x01], MqttProtocolVersion.V311, MqttReasonCode.ProtocolError },
        // SUBSCRIBE 3.1.1 with reserved option bits (§3.8.3.1).
        { [0x82, 0x06, 0x00, 0x01, 0x00, 0x01, (byte)'a', 0x04], MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        // SUBSCRIBE 5.0 with QoS 3 and with Retain Handling 3.
        { [0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, (byte)'a', 0x03], MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
        { [0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, (byte)'a', 0x30], MqttProtocolVersion.V500, MqttReasonCode.ProtocolError },
        // SUBACK 3.1.1 with return code 0x03.
        { [0x90, 0x03, 0x00, 0x01, 0x03], MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        // UNSUBSCRIBE without any filter.
        { [0xA2, 0x02, 0x00, 0x01], MqttProtocolVersion.V311, MqttReasonCode.ProtocolError },
        // DISCONNECT 3.1.1 with a body.
        { [0xE0, 0x01, 0x00], MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        // AUTH with a reason code AUTH may not carry (§3.15.2.1).
        { [0xF0, 0x01, 0x87], MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsRefusedWithTheRightReason(byte[] bytes, MqttProtocolVersion version, MqttReasonCode expected)
    {
        var ex = PacketTestHelpers.Malformed(bytes, version);
        Assert.Equal(expected, ex.ReasonCode);
    }

    [Fact]
    public void OversizePacketIsRefusedFromItsHeaderAlone()
    {
        // Only the fixed header of a PUBLISH declaring 2,097,152 bytes has arrived.
        var reader = new MqttPacketReader(MqttProtocolVersion.V500, maximumPacketSize: 1_048_576);
        var buffer = new ReadOnlySequence<byte>([0x30, 0x80, 0x80, 0x80, 0x01]);
        var ex = Assert.Throws<MqttProtocolException>(() => reader.TryRead(ref buffer, out _));
        Assert.Equal(MqttReasonCode.PacketTooLarge, ex.ReasonCode);
    }

    [Fact]
    public void MaximumPacketSizeCountsTheFixedHeader()
    {
        // A PUBLISH of exactly 10 bytes passes a limit of 10 and fails a limit of 9.
        byte[] bytes = [0x30, 0x08, 0x00, 0x01, (byte)'t', 1, 2, 3, 4, 5];
        Assert.IsType<PublishPacket>(PacketTestHelpers.ReadOne(bytes, MqttProtocolVersion.V311, maximumPacketSize: 10));
        var reader = new MqttPacketReader(MqttProtocolVersion.V311, maximumPacketSize: 9);
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(MqttReasonCode.PacketTooLarge,
            Assert.Throws<MqttProtocolException>(() => reader.TryRead(ref buffer, out _)).ReasonCode);
    }

    [Fact]
    public void GarbageNeverEscapesAsAnotherException()
    {
        // Every prefix and every single-byte corruption of a valid CONNECT either decodes,
        // needs more bytes, or fails with MqttProtocolException: never IndexOutOfRange & co.
        var valid = MqttPacketWriter.ToArray(new ConnectPacket
        {
            ClientId = "c",
            UserName = "u",
            Password = [1],
            Will = new MqttWill { Topic = "w", Payload = new byte[] { 2 }, Properties = new MqttProperties { WillDelayInterval = 1 } },
            Properties = new MqttProperties { SessionExpiryInterval = 5, UserProperties = { new("a", "b") } },
        }, MqttProtocolVersion.V500);
        var random = new Random(4);
        for (var i = 0; i < 2_000; i++)
        {
            var bytes = (byte[])valid.Clone();
            bytes[random.Next(1, bytes.Length)] = (byte)random.Next(256);
            var reader = new MqttPacketReader(MqttProtocolVersion.V500);
            var buffer = new ReadOnlySequence<byte>(bytes);
            try
            {
                reader.TryRead(ref buffer, out _);
            }
            catch (MqttProtocolException)
            {
            }
        }
    }
}
