using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Tests.Infrastructure;

namespace TelemetryGateway.Mqtt.Tests.Broker;

/// <summary>
/// Malformed input from a raw TCP client closes that connection as the specification says
/// (3.1.1 §4.8, 5.0 §4.13: a 5.0 client is told why in DISCONNECT first), is counted by
/// reason, and a mosquitto_sub connected meanwhile keeps receiving.
/// </summary>
public sealed class BrokerMalformedInputTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static TheoryData<string, MqttProtocolVersion> Cases()
    {
        var data = new TheoryData<string, MqttProtocolVersion>();
        foreach (var name in new[] { "bad-remaining-length", "invalid-utf8-topic", "wildcard-topic", "oversize", "second-connect", "first-not-connect" })
        {
            data.Add(name, MqttProtocolVersion.V311);
            data.Add(name, MqttProtocolVersion.V500);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MalformedInputClosesOnlyThatConnection(string name, MqttProtocolVersion version)
    {
        await using var broker = await EmbeddedBroker.StartAsync(o => o.MaximumPacketSize = 4096);
        var endpoint = broker.Endpoint(version);
        await using var bystander = await MosquittoClients.SubscribeAsync(endpoint, "ok/#", MqttQualityOfService.AtLeastOnce);

        await using var raw = await broker.ConnectRawAsync();
        var (bytes, counter, reason) = Case(name, version);
        if (name != "first-not-connect")
        {
            Assert.Equal(MqttReasonCode.Success, (await raw.ConnectAsync(version, "raw-" + name)).ReasonCode);
        }

        await raw.SendRawAsync(bytes);
        var received = new List<MqttPacket>();
        Assert.True(await raw.WaitForCloseAsync(Timeout, received), $"{name}: connection left open");
        if (version == MqttProtocolVersion.V500 && reason is { } code)
        {
            Assert.Equal(code, Assert.IsType<DisconnectPacket>(Assert.Single(received)).ReasonCode);
        }
        else
        {
            Assert.Empty(received);
        }

        Assert.Equal(1, broker.Metrics.ProtocolErrors[counter]);
        await MosquittoClients.PublishAsync(endpoint, "ok/after", "still-serving", MqttQualityOfService.AtLeastOnce);
        Assert.Equal("still-serving", (await bystander.WaitForMessagesAsync(1, Timeout))[0].Text);
    }

    /// <summary>The bytes of each case, the counter it must raise and the 5.0 DISCONNECT reason (null: none).</summary>
    private static (byte[] Bytes, string Counter, MqttReasonCode? Reason) Case(string name, MqttProtocolVersion version)
    {
        var v5 = version == MqttProtocolVersion.V500;
        return name switch
        {
            // §2.1.4: a Variable Byte Integer has at most 4 bytes; the fifth continuation is malformed.
            "bad-remaining-length" => ([0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], "malformed_packet", MqttReasonCode.MalformedPacket),
            // §1.5.4: C3 28 is an invalid two-byte sequence.
            "invalid-utf8-topic" => ([0x30, (byte)(v5 ? 6 : 5), 0x00, 0x02, 0xC3, 0x28, .. v5 ? new byte[] { 0x00 } : [], (byte)'x'],
                "malformed_packet", MqttReasonCode.MalformedPacket),
            // §3.3.2.1: the Topic Name in a PUBLISH must not contain wildcards.
            "wildcard-topic" => ([0x30, (byte)(v5 ? 7 : 6), 0x00, 0x03, (byte)'a', (byte)'/', (byte)'+', .. v5 ? new byte[] { 0x00 } : [], (byte)'x'],
                "topic_name_invalid", MqttReasonCode.TopicNameInvalid),
            // Declares 1 MiB (VBI 80 80 40) against a 4 KiB limit; refused from the header alone.
            "oversize" => ([0x30, 0x80, 0x80, 0x40], "packet_too_large", MqttReasonCode.PacketTooLarge),
            // §3.1: a second CONNECT on a connection is a protocol error.
            "second-connect" => (MqttPacketWriter.ToArray(new ConnectPacket { ProtocolVersion = version, ClientId = "again" }, version),
                "second_connect", MqttReasonCode.ProtocolError),
            // §3.1: the first packet from a client must be CONNECT (PINGREQ here).
            "first-not-connect" => ([0xC0, 0x00], "first_packet_not_connect", null),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }
}
