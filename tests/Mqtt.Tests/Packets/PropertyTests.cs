using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Tests.Packets;

/// <summary>MQTT 5.0 §2.2.2: every property, its type, where it may appear, how often.</summary>
public sealed class PropertyTests
{
    [Fact]
    public void EveryPublishAndWillPropertyRoundTrips()
    {
        var properties = new MqttProperties
        {
            PayloadFormatIndicator = 1,
            MessageExpiryInterval = 0xDEADBEEF,
            ContentType = "application/json",
            ResponseTopic = "reply/here",
            CorrelationData = [0, 1, 2],
            TopicAlias = 9,
            SubscriptionIdentifiers = { 1, 268_435_455 },
            UserProperties = { new("unit", "A7"), new("unit", "A8") },
        };
        var decoded = PacketTestHelpers.RoundTrip(new PublishPacket { Topic = "t", Properties = properties }, MqttProtocolVersion.V500).Properties!;
        Assert.Equal((byte)1, decoded.PayloadFormatIndicator);
        Assert.Equal(0xDEADBEEF, decoded.MessageExpiryInterval);
        Assert.Equal("application/json", decoded.ContentType);
        Assert.Equal("reply/here", decoded.ResponseTopic);
        Assert.Equal([0, 1, 2], decoded.CorrelationData);
        Assert.Equal((ushort)9, decoded.TopicAlias);
        Assert.Equal([1u, 268_435_455u], decoded.SubscriptionIdentifiers);
        Assert.Equal([new("unit", "A7"), new("unit", "A8")], decoded.UserProperties);
    }

    [Fact]
    public void EveryConnectAndConnAckPropertyRoundTrips()
    {
        var connect = PacketTestHelpers.RoundTrip(new ConnectPacket
        {
            ClientId = "c",
            Properties = new MqttProperties
            {
                SessionExpiryInterval = uint.MaxValue,
                ReceiveMaximum = 20,
                MaximumPacketSize = 1_048_576,
                TopicAliasMaximum = 10,
                RequestResponseInformation = 1,
                RequestProblemInformation = 0,
                AuthenticationMethod = "m",
                AuthenticationData = [7],
                UserProperties = { new("a", "b") },
            },
        }, MqttProtocolVersion.V500).Properties!;
        Assert.Equal(uint.MaxValue, connect.SessionExpiryInterval);
        Assert.Equal((ushort)20, connect.ReceiveMaximum);
        Assert.Equal(1_048_576u, connect.MaximumPacketSize);
        Assert.Equal((ushort)10, connect.TopicAliasMaximum);
        Assert.Equal((byte)1, connect.RequestResponseInformation);
        Assert.Equal((byte)0, connect.RequestProblemInformation);
        Assert.Equal("m", connect.AuthenticationMethod);
        Assert.Equal([7], connect.AuthenticationData);

        var connAck = PacketTestHelpers.RoundTrip(new ConnAckPacket
        {
            Properties = new MqttProperties
            {
                SessionExpiryInterval = 60,
                ReceiveMaximum = 65535,
                MaximumQoS = 1,
                RetainAvailable = 0,
                MaximumPacketSize = 100,
                AssignedClientIdentifier = "auto",
                TopicAliasMaximum = 0,
                ReasonString = "ok",
                WildcardSubscriptionAvailable = 1,
                SubscriptionIdentifierAvailable = 0,
                SharedSubscriptionAvailable = 0,
                ServerKeepAlive = 15,
                ResponseInformation = "resp/",
                ServerReference = "elsewhere",
                AuthenticationMethod = "m",
                AuthenticationData = [1],
            },
        }, MqttProtocolVersion.V500).Properties!;
        Assert.Equal((byte)1, connAck.MaximumQoS);
        Assert.Equal((byte)0, connAck.RetainAvailable);
        Assert.Equal("auto", connAck.AssignedClientIdentifier);
        Assert.Equal((ushort)15, connAck.ServerKeepAlive);
        Assert.Equal("resp/", connAck.ResponseInformation);
        Assert.Equal("elsewhere", connAck.ServerReference);
        Assert.Equal((byte)1, connAck.WildcardSubscriptionAvailable);
        Assert.Equal((byte)0, connAck.SubscriptionIdentifierAvailable);
        Assert.Equal((byte)0, connAck.SharedSubscriptionAvailable);
        Assert.Equal((ushort)0, connAck.TopicAliasMaximum);
    }

    [Fact]
    public void UserPropertyIsAllowedEverywhere()
    {
        MqttPacket[] packets =
        [
            new PubRecPacket { PacketId = 1, Properties = new MqttProperties { UserProperties = { new("k", "v") } } },
            new SubAckPacket { PacketId = 1, ReasonCodes = [MqttReasonCode.GrantedQoS1], Properties = new MqttProperties { UserProperties = { new("k", "v") } } },
            new UnsubscribePacket { PacketId = 1, TopicFilters = ["x"], Properties = new MqttProperties { UserProperties = { new("k", "v") } } },
            new DisconnectPacket { Properties = new MqttProperties { UserProperties = { new("k", "v") } } },
        ];
        foreach (var packet in packets)
        {
            var bytes = MqttPacketWriter.ToArray(packet, MqttProtocolVersion.V500);
            Assert.Equal(packet.Type, PacketTestHelpers.ReadOne(bytes, MqttProtocolVersion.V500).Type);
        }
    }

    [Fact]
    public void WriterRefusesAPropertyThePacketMayNotCarry()
    {
        Assert.Throws<ArgumentException>(() => MqttPacketWriter.ToArray(
            new PublishPacket { Topic = "t", Properties = new MqttProperties { SessionExpiryInterval = 1 } }, MqttProtocolVersion.V500));
        Assert.Throws<ArgumentException>(() => MqttPacketWriter.ToArray(
            new SubscribePacket
            {
                PacketId = 1,
                Subscriptions = [new("a", MqttQualityOfService.AtMostOnce)],
                Properties = new MqttProperties { SubscriptionIdentifiers = { 1, 2 } },
            }, MqttProtocolVersion.V500));
    }

    // PUBLISH QoS 0, topic "t", then the property bytes given.
    private static byte[] PublishWithProperties(params byte[] properties) =>
        [0x30, (byte)(3 + 1 + properties.Length), 0x00, 0x01, (byte)'t', (byte)properties.Length, .. properties];

    [Fact]
    public void DuplicatePropertyIsAProtocolError()
    {
        // §2.2.2.2 / §3.3.2.3.2: Payload Format Indicator twice.
        var ex = PacketTestHelpers.Malformed(PublishWithProperties(0x01, 0x00, 0x01, 0x01), MqttProtocolVersion.V500);
        Assert.Equal(MqttReasonCode.ProtocolError, ex.ReasonCode);
    }

    [Fact]
    public void RepeatedSubscriptionIdentifierInPublishIsAllowed()
    {
        var publish = (PublishPacket)PacketTestHelpers.ReadOne(PublishWithProperties(0x0B, 0x01, 0x0B, 0x80, 0x01), MqttProtocolVersion.V500);
        Assert.Equal([1u, 128u], publish.Properties!.SubscriptionIdentifiers);
    }

    [Theory]
    [InlineData(new byte[] { 0x11, 0x00, 0x00, 0x00, 0x01 })] // Session Expiry Interval: not a PUBLISH property
    [InlineData(new byte[] { 0x04, 0x00 })] // 0x04 is not a property identifier at all
    [InlineData(new byte[] { 0x02, 0x00, 0x00 })] // Message Expiry Interval cut short
    [InlineData(new byte[] { 0x26, 0x00, 0x01, (byte)'k' })] // User Property without its value
    public void InvalidIdentifierOrTypeIsMalformed(byte[] properties)
    {
        var ex = PacketTestHelpers.Malformed(PublishWithProperties(properties), MqttProtocolVersion.V500);
        Assert.Equal(MqttReasonCode.MalformedPacket, ex.ReasonCode);
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x02 })] // Payload Format Indicator 2
    [InlineData(new byte[] { 0x0B, 0x00 })] // Subscription Identifier 0
    public void InvalidValueIsAProtocolError(byte[] properties)
    {
        var ex = PacketTestHelpers.Malformed(PublishWithProperties(properties), MqttProtocolVersion.V500);
        Assert.Equal(MqttReasonCode.ProtocolError, ex.ReasonCode);
    }

    [Fact]
    public void ConnAckValueChecks()
    {
        // CONNACK with Receive Maximum 0 (§3.2.2.3.3) and with Maximum QoS 2 (§3.2.2.3.4).
        byte[] receiveMaximumZero = [0x20, 0x06, 0x00, 0x00, 0x03, 0x21, 0x00, 0x00];
        Assert.Equal(MqttReasonCode.ProtocolError, PacketTestHelpers.Malformed(receiveMaximumZero, MqttProtocolVersion.V500).ReasonCode);
        byte[] maximumQos2 = [0x20, 0x05, 0x00, 0x00, 0x02, 0x24, 0x02];
        Assert.Equal(MqttReasonCode.ProtocolError, PacketTestHelpers.Malformed(maximumQos2, MqttProtocolVersion.V500).ReasonCode);
        byte[] maximumPacketSizeZero = [0x20, 0x08, 0x00, 0x00, 0x05, 0x27, 0x00, 0x00, 0x00, 0x00];
        Assert.Equal(MqttReasonCode.ProtocolError, PacketTestHelpers.Malformed(maximumPacketSizeZero, MqttProtocolVersion.V500).ReasonCode);
    }

    [Fact]
    public void PropertyLengthPastThePacketIsMalformed()
    {
        byte[] bytes = [0x30, 0x05, 0x00, 0x01, (byte)'t', 0x09, 0x01];
        Assert.Equal(MqttReasonCode.MalformedPacket, PacketTestHelpers.Malformed(bytes, MqttProtocolVersion.V500).ReasonCode);
    }
}
