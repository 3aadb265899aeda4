using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Tests.Packets;

/// <summary>Every packet type written and read back at both protocol levels.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<MqttProtocolVersion> Versions => new() { MqttProtocolVersion.V311, MqttProtocolVersion.V500 };

    [Theory]
    [MemberData(nameof(Versions))]
    public void Connect(MqttProtocolVersion version)
    {
        var v5 = version == MqttProtocolVersion.V500;
        var packet = new ConnectPacket
        {
            ProtocolVersion = version,
            ClientId = "ambulance-7",
            CleanStart = false,
            KeepAliveSeconds = 30,
            UserName = "gateway",
            Password = [1, 2, 3],
            Will = new MqttWill
            {
                Topic = "ambulance/7/status",
                Payload = "offline"u8.ToArray(),
                QualityOfService = MqttQualityOfService.ExactlyOnce,
                Retain = true,
                Properties = v5 ? new MqttProperties { WillDelayInterval = 5, ContentType = "text/plain" } : null,
            },
            Properties = v5 ? new MqttProperties { SessionExpiryInterval = 3600, ReceiveMaximum = 100 } : null,
        };
        var decoded = PacketTestHelpers.RoundTrip(packet, version);
        Assert.Equal(version, decoded.ProtocolVersion);
        Assert.Equal("ambulance-7", decoded.ClientId);
        Assert.False(decoded.CleanStart);
        Assert.Equal(30, decoded.KeepAliveSeconds);
        Assert.Equal("gateway", decoded.UserName);
        Assert.Equal([1, 2, 3], decoded.Password);
        Assert.Equal("ambulance/7/status", decoded.Will!.Topic);
        Assert.Equal(MqttQualityOfService.ExactlyOnce, decoded.Will.QualityOfService);
        Assert.True(decoded.Will.Retain);
        Assert.Equal("offline"u8.ToArray(), decoded.Will.Payload.ToArray());
        if (v5)
        {
            Assert.Equal(5u, decoded.Will.Properties!.WillDelayInterval);
            Assert.Equal(3600u, decoded.Properties!.SessionExpiryInterval);
            Assert.Equal((ushort)100, decoded.Properties.ReceiveMaximum);
        }
    }

    [Fact]
    public void Mqtt5ConnectWithPasswordButNoUserName()
    {
        // 5.0 §3.1.2.9 allows a password without a user name; 3.1.1 does not.
        var packet = new ConnectPacket { ProtocolVersion = MqttProtocolVersion.V500, ClientId = "c", Password = [9] };
        Assert.Equal([9], PacketTestHelpers.RoundTrip(packet, MqttProtocolVersion.V500).Password);
        Assert.Throws<ArgumentException>(() => MqttPacketWriter.ToArray(
            new ConnectPacket { ProtocolVersion = MqttProtocolVersion.V311, ClientId = "c", Password = [9] }, MqttProtocolVersion.V311));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void ConnAck(MqttProtocolVersion version)
    {
        var packet = new ConnAckPacket
        {
            SessionPresent = true,
            ReasonCode = MqttReasonCode.Success,
            Properties = version == MqttProtocolVersion.V500 ? new MqttProperties { AssignedClientIdentifier = "auto-1" } : null,
        };
        var decoded = PacketTestHelpers.RoundTrip(packet, version);
        Assert.True(decoded.SessionPresent);
        Assert.Equal(MqttReasonCode.Success, decoded.ReasonCode);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Publish(MqttProtocolVersion version)
    {
        foreach (var qos in new[] { MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtLeastOnce, MqttQualityOfService.ExactlyOnce })
        {
            var payload = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
            var packet = new PublishPacket
            {
                Topic = "ambulance/7/monitor/vitals",
                QualityOfService = qos,
                Duplicate = qos != MqttQualityOfService.AtMostOnce,
                Retain = true,
                PacketId = qos == MqttQualityOfService.AtMostOnce ? (ushort)0 : (ushort)65535,
                Payload = payload,
            };
            var decoded = PacketTestHelpers.RoundTrip(packet, version);
            Assert.Equal(packet.Topic, decoded.Topic);
            Assert.Equal(qos, decoded.QualityOfService);
            Assert.Equal(packet.Duplicate, decoded.Duplicate);
            Assert.True(decoded.Retain);
            Assert.Equal(packet.PacketId, decoded.PacketId);
            Assert.Equal(payload, decoded.Payload.ToArray());
        }
    }

    [Fact]
    public void PublishWithEmptyTopicAndTopicAlias()
    {
        var packet = new PublishPacket { Topic = "", Properties = new MqttProperties { TopicAlias = 3 }, Payload = new byte[] { 1 } };
        var decoded = PacketTestHelpers.RoundTrip(packet, MqttProtocolVersion.V500);
        Assert.Equal("", decoded.Topic);
        Assert.Equal((ushort)3, decoded.Properties!.TopicAlias);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void PublishAcknowledgements(MqttProtocolVersion version)
    {
        foreach (var type in new[] { MqttPacketType.PubAck, MqttPacketType.PubRec, MqttPacketType.PubRel, MqttPacketType.PubComp })
        {
            var plain = PacketTestHelpers.RoundTrip(MqttPublishAckPacket.Create(type, 42), version);
            Assert.Equal(type, plain.Type);
            Assert.Equal(42, plain.PacketId);
            Assert.Equal(4, MqttPacketWriter.GetSize(plain, version));
            if (version == MqttProtocolVersion.V500)
            {
                var failed = PacketTestHelpers.RoundTrip(MqttPublishAckPacket.Create(type, 43,
                    MqttReasonCode.PacketIdentifierNotFound, new MqttProperties { ReasonString = "unknown id" }), version);
                Assert.Equal(MqttReasonCode.PacketIdentifierNotFound, failed.ReasonCode);
                Assert.Equal("unknown id", failed.Properties!.ReasonString);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void SubscribeAndSubAck(MqttProtocolVersion version)
    {
        var v5 = version == MqttProtocolVersion.V500;
        var packet = new SubscribePacket
        {
            PacketId = 10,
            Subscriptions =
            [
                new MqttSubscription("ambulance/+/+/vitals", MqttQualityOfService.ExactlyOnce),
                new MqttSubscription("ambulance/#", MqttQualityOfService.AtLeastOnce)
                {
                    NoLocal = v5, RetainAsPublished = v5, RetainHandling = v5 ? MqttRetainHandling.DoNotSend : MqttRetainHandling.SendAtSubscribe,
                },
            ],
            Properties = v5 ? new MqttProperties { SubscriptionIdentifiers = { 77 } } : null,
        };
        var decoded = PacketTestHelpers.RoundTrip(packet, version);
        Assert.Equal(10, decoded.PacketId);
        Assert.Equal(packet.Subscriptions, decoded.Subscriptions);
        if (v5)
        {
            Assert.Equal([77u], decoded.Properties!.SubscriptionIdentifiers);
        }

        var subAck = PacketTestHelpers.RoundTrip(new SubAckPacket
        {
            PacketId = 10,
            ReasonCodes = [MqttReasonCode.GrantedQoS2, MqttReasonCode.UnspecifiedError, MqttReasonCode.GrantedQoS0],
        }, version);
        Assert.Equal([MqttReasonCode.GrantedQoS2, MqttReasonCode.UnspecifiedError, MqttReasonCode.GrantedQoS0], subAck.ReasonCodes);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void UnsubscribeAndUnsubAck(MqttProtocolVersion version)
    {
        var decoded = PacketTestHelpers.RoundTrip(new UnsubscribePacket { PacketId = 11, TopicFilters = ["a/+", "b/#"] }, version);
        Assert.Equal(["a/+", "b/#"], decoded.TopicFilters);

        var ack = PacketTestHelpers.RoundTrip(new UnsubAckPacket
        {
            PacketId = 11,
            ReasonCodes = version == MqttProtocolVersion.V500 ? [MqttReasonCode.Success, MqttReasonCode.NoSubscriptionExisted] : [],
        }, version);
        Assert.Equal(11, ack.PacketId);
        Assert.Equal(version == MqttProtocolVersion.V500 ? 2 : 0, ack.ReasonCodes.Count);
    }

    [Fact]
    public void DisconnectAndAuthWithReasons()
    {
        var disconnect = PacketTestHelpers.RoundTrip(new DisconnectPacket
        {
            ReasonCode = MqttReasonCode.SessionTakenOver,
            Properties = new MqttProperties { ReasonString = "another connection", ServerReference = "other:1883" },
        }, MqttProtocolVersion.V500);
        Assert.Equal(MqttReasonCode.SessionTakenOver, disconnect.ReasonCode);
        Assert.Equal("other:1883", disconnect.Properties!.ServerReference);

        // Reason code alone: Remaining Length 1 (§3.14.2.2.1: properties may be omitted).
        var withWill = MqttPacketWriter.ToArray(new DisconnectPacket { ReasonCode = MqttReasonCode.DisconnectWithWillMessage }, MqttProtocolVersion.V500);
        Assert.Equal([0xE0, 0x01, 0x04], withWill);

        var auth = PacketTestHelpers.RoundTrip(new AuthPacket
        {
            ReasonCode = MqttReasonCode.ContinueAuthentication,
            Properties = new MqttProperties { AuthenticationMethod = "SCRAM-SHA-256", AuthenticationData = [1, 2] },
        }, MqttProtocolVersion.V500);
        Assert.Equal("SCRAM-SHA-256", auth.Properties!.AuthenticationMethod);
        Assert.Equal([0xF0, 0x00], MqttPacketWriter.ToArray(new AuthPacket(), MqttProtocolVersion.V500));
    }

    [Fact]
    public void PacketSplitIntoOneByteSegmentsIsReadOnlyWhenComplete()
    {
        var bytes = MqttPacketWriter.ToArray(new PublishPacket
        {
            Topic = "t",
            QualityOfService = MqttQualityOfService.AtLeastOnce,
            PacketId = 5,
            Payload = new byte[200],
            Properties = new MqttProperties { UserProperties = { new("k", "v") } },
        }, MqttProtocolVersion.V500);
        var reader = new MqttPacketReader(MqttProtocolVersion.V500);
        for (var length = 0; length < bytes.Length; length++)
        {
            var partial = PacketTestHelpers.Fragmented(bytes[..length]);
            Assert.False(reader.TryRead(ref partial, out _));
            Assert.Equal(length, partial.Length);
        }

        var whole = PacketTestHelpers.Fragmented([.. bytes, .. bytes]);
        Assert.True(reader.TryRead(ref whole, out var first));
        Assert.True(reader.TryRead(ref whole, out var second));
        Assert.False(reader.TryRead(ref whole, out _));
        Assert.Equal("v", ((PublishPacket)first).Properties!.UserProperties[0].Value);
        Assert.Equal(200, ((PublishPacket)second).Payload.Length);
    }
}
