using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Tests.Packets;

/// <summary>Byte examples printed in the specifications, completed into whole packets.</summary>
public sealed class SpecificationExampleTests
{
    /// <summary>
    /// MQTT 3.1.1 §3.1.2.10 figure 3.6, the CONNECT variable header example (will flag,
    /// will QoS 1, user name, password, clean session, keep alive 10), with a payload added
    /// in the order of §3.1.3.
    /// </summary>
    [Fact]
    public void Mqtt311ConnectExample()
    {
        byte[] bytes =
        [
            0x10, 0x24, // CONNECT, Remaining Length 36
            0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', // Protocol Name
            0x04, // Protocol Level 4
            0xCE, // flags: user name 1, password 1, will retain 0, will QoS 01, will 1, clean session 1, reserved 0
            0x00, 0x0A, // Keep Alive 10 s
            0x00, 0x02, (byte)'c', (byte)'1', // Client Identifier "c1"
            0x00, 0x03, (byte)'w', (byte)'/', (byte)'t', // Will Topic "w/t"
            0x00, 0x04, 0xDE, 0xAD, 0xBE, 0xEF, // Will Message
            0x00, 0x03, (byte)'b', (byte)'o', (byte)'b', // User Name "bob"
            0x00, 0x04, (byte)'p', (byte)'a', (byte)'s', (byte)'s', // Password "pass"
        ];
        var connect = Assert.IsType<ConnectPacket>(PacketTestHelpers.ReadOne(bytes, MqttProtocolVersion.V500));
        Assert.Equal(MqttProtocolVersion.V311, connect.ProtocolVersion);
        Assert.True(connect.CleanStart);
        Assert.Equal(10, connect.KeepAliveSeconds);
        Assert.Equal("c1", connect.ClientId);
        Assert.NotNull(connect.Will);
        Assert.Equal("w/t", connect.Will.Topic);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, connect.Will.QualityOfService);
        Assert.False(connect.Will.Retain);
        Assert.Equal([0xDE, 0xAD, 0xBE, 0xEF], connect.Will.Payload.ToArray());
        Assert.Equal("bob", connect.UserName);
        Assert.Equal("pass"u8.ToArray(), connect.Password);
        Assert.Null(connect.Properties);
        Assert.Equal(bytes, MqttPacketWriter.ToArray(connect, MqttProtocolVersion.V311));
    }

    /// <summary>
    /// MQTT 5.0 §3.1.2.12 figure 3-8, the CONNECT variable header example: level 5, flags
    /// 0xC2 (user name, password, clean start), keep alive 10, properties length 5 with
    /// Session Expiry Interval (0x11) = 10.
    /// </summary>
    [Fact]
    public void Mqtt50ConnectExample()
    {
        byte[] bytes =
        [
            0x10, 0x1C, // CONNECT, Remaining Length 28
            0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', // Protocol Name
            0x05, // Protocol Version 5
            0xC2, // flags: user name, password, clean start
            0x00, 0x0A, // Keep Alive 10
            0x05, // Property Length 5
            0x11, 0x00, 0x00, 0x00, 0x0A, // Session Expiry Interval 10
            0x00, 0x02, (byte)'c', (byte)'2', // Client Identifier "c2"
            0x00, 0x01, (byte)'u', // User Name "u"
            0x00, 0x03, 0x00, 0xFF, 0x01, // Password: binary, not a string, so 0x00 is allowed
        ];
        var connect = Assert.IsType<ConnectPacket>(PacketTestHelpers.ReadOne(bytes, MqttProtocolVersion.V311));
        Assert.Equal(MqttProtocolVersion.V500, connect.ProtocolVersion);
        Assert.True(connect.CleanStart);
        Assert.Equal(10, connect.KeepAliveSeconds);
        Assert.Equal(10u, connect.Properties?.SessionExpiryInterval);
        Assert.Equal("c2", connect.ClientId);
        Assert.Null(connect.Will);
        Assert.Equal("u", connect.UserName);
        Assert.Equal([0x00, 0xFF, 0x01], connect.Password);
        Assert.Equal(bytes, MqttPacketWriter.ToArray(connect, MqttProtocolVersion.V500));
    }

    [Fact]
    public void ReaderSwitchesToTheLevelOfTheConnectItRead()
    {
        var reader = new MqttPacketReader(MqttProtocolVersion.V500);
        var connect = MqttPacketWriter.ToArray(new ConnectPacket { ProtocolVersion = MqttProtocolVersion.V311, ClientId = "x" }, MqttProtocolVersion.V311);
        var buffer = new System.Buffers.ReadOnlySequence<byte>(connect);
        Assert.True(reader.TryRead(ref buffer, out _));
        Assert.Equal(MqttProtocolVersion.V311, reader.ProtocolVersion);
    }

    /// <summary>MQTT 3.1.1 §3.12 and §3.13: PINGREQ is C0 00, PINGRESP D0 00; §3.14 DISCONNECT E0 00.</summary>
    [Theory]
    [InlineData(new byte[] { 0xC0, 0x00 }, MqttPacketType.PingReq)]
    [InlineData(new byte[] { 0xD0, 0x00 }, MqttPacketType.PingResp)]
    [InlineData(new byte[] { 0xE0, 0x00 }, MqttPacketType.Disconnect)]
    public void TwoBytePackets(byte[] bytes, MqttPacketType type)
    {
        foreach (var version in new[] { MqttProtocolVersion.V311, MqttProtocolVersion.V500 })
        {
            var packet = PacketTestHelpers.ReadOne(bytes, version);
            Assert.Equal(type, packet.Type);
            Assert.Equal(bytes, MqttPacketWriter.ToArray(packet, version));
        }
    }

    /// <summary>
    /// MQTT 5.0 §3.4.2.1: a PUBACK with Success and no properties has Remaining Length 2;
    /// one with Remaining Length 3 carries only a reason code.
    /// </summary>
    [Fact]
    public void ShortPublishAcknowledgements()
    {
        byte[] success = [0x40, 0x02, 0x12, 0x34];
        var ack = Assert.IsType<PubAckPacket>(PacketTestHelpers.ReadOne(success, MqttProtocolVersion.V500));
        Assert.Equal(0x1234, ack.PacketId);
        Assert.Equal(MqttReasonCode.Success, ack.ReasonCode);
        Assert.Equal(success, MqttPacketWriter.ToArray(ack, MqttProtocolVersion.V500));

        byte[] noSubscribers = [0x40, 0x03, 0x00, 0x07, 0x10];
        ack = Assert.IsType<PubAckPacket>(PacketTestHelpers.ReadOne(noSubscribers, MqttProtocolVersion.V500));
        Assert.Equal(MqttReasonCode.NoMatchingSubscribers, ack.ReasonCode);
        Assert.Null(ack.Properties);
        Assert.Equal(noSubscribers, MqttPacketWriter.ToArray(ack, MqttProtocolVersion.V500));

        // PUBREL carries fixed header flags 0010 (§2.1.3).
        Assert.Equal([0x62, 0x02, 0x00, 0x07], MqttPacketWriter.ToArray(new PubRelPacket { PacketId = 7 }, MqttProtocolVersion.V311));
    }

    /// <summary>3.1.1 §3.2.2.3: CONNACK return codes map onto the 5.0 reason codes and back.</summary>
    [Theory]
    [InlineData(0, MqttReasonCode.Success)]
    [InlineData(1, MqttReasonCode.UnsupportedProtocolVersion)]
    [InlineData(2, MqttReasonCode.ClientIdentifierNotValid)]
    [InlineData(3, MqttReasonCode.ServerUnavailable)]
    [InlineData(4, MqttReasonCode.BadUserNameOrPassword)]
    [InlineData(5, MqttReasonCode.NotAuthorized)]
    public void Mqtt311ConnAckReturnCodes(byte returnCode, MqttReasonCode expected)
    {
        byte[] bytes = [0x20, 0x02, 0x00, returnCode];
        var connAck = Assert.IsType<ConnAckPacket>(PacketTestHelpers.ReadOne(bytes, MqttProtocolVersion.V311));
        Assert.Equal(expected, connAck.ReasonCode);
        Assert.Equal(bytes, MqttPacketWriter.ToArray(connAck, MqttProtocolVersion.V311));
    }
}
