using TelemetryGateway.Bluetooth.DBus.Wire;

namespace TelemetryGateway.Bluetooth.Tests.DBus;

/// <summary>
/// Mutated and truncated messages: the decoder either decodes them or throws <see cref="DBusProtocolException"/>,
/// nothing else (TG_SOAK=long runs ten times as many cases).
/// </summary>
public sealed class MessageCodecFuzzTests
{
    private static int Cases => string.Equals(Environment.GetEnvironmentVariable("TG_SOAK"), "long", StringComparison.OrdinalIgnoreCase) ? 300_000 : 30_000;

    private static byte[][] Seeds()
    {
        var props = new Dictionary<object, object>
        {
            ["Value"] = Variant.Of(new byte[] { 0x02, 0x01, 0x00 }),
            ["Flags"] = Variant.Of(["read", "notify"]),
            ["RSSI"] = Variant.Of((short)-60),
        };
        return
        [
            MessageCodec.Encode(DBusMessage.Signal("/org/bluez/hci0/dev_C0_26_DA_00_00_01/service0010/char0011", "org.freedesktop.DBus.Properties", "PropertiesChanged", "sa{sv}as", "org.bluez.GattCharacteristic1", props, new object[] { "x" }) with { Serial = 7 }),
            MessageCodec.Encode(DBusMessage.MethodCall("org.bluez", "/", "org.freedesktop.DBus.ObjectManager", "GetManagedObjects") with { Serial = 8 }),
            MessageCodec.Encode(new DBusMessage { Type = MessageType.MethodReturn, Serial = 9, ReplySerial = 8, Signature = "a(yx)vd", Body = [new object[] { new DBusStruct((byte)1, 2L) }, new Variant("(iv)", new DBusStruct(1, Variant.Of("deep"))), 1.5] }),
            MessageCodec.Encode(new DBusMessage { Type = MessageType.Error, Serial = 10, ReplySerial = 3, ErrorName = "org.bluez.Error.Failed", Signature = "s", Body = ["Not connected"] }),
        ];
    }

    [Fact]
    public void Mutated_messages_decode_or_fail_with_a_protocol_error()
    {
        var random = new Random(20261122);
        var seeds = Seeds();
        var decoded = 0;
        var rejected = 0;
        for (var i = 0; i < Cases; i++)
        {
            var bytes = (byte[])seeds[i % seeds.Length].Clone();
            var mutations = 1 + random.Next(4);
            for (var m = 0; m < mutations; m++)
            {
                bytes[random.Next(bytes.Length)] = random.Next(3) switch
                {
                    0 => (byte)random.Next(256),
                    1 => (byte)(bytes[random.Next(bytes.Length)] ^ (1 << random.Next(8))),
                    _ => 0xFF,
                };
            }

            var length = random.Next(4) == 0 ? random.Next(bytes.Length + 1) : bytes.Length;
            try
            {
                MessageCodec.Decode(bytes.AsSpan(0, length));
                decoded++;
            }
            catch (DBusProtocolException)
            {
                rejected++;
            }
        }

        Assert.True(decoded > 0 && rejected > 0, $"decoded {decoded}, rejected {rejected}");
    }

    [Fact]
    public void Framing_random_prefixes_never_throws_anything_but_a_protocol_error()
    {
        var random = new Random(7);
        var buffer = new byte[64];
        for (var i = 0; i < Cases; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = random.Next(2) == 0 ? (byte)'l' : (byte)'B';
            buffer[3] = 1;
            try
            {
                if (MessageCodec.TryGetLength(buffer, 1 << 20, out var length))
                {
                    Assert.InRange(length, MessageCodec.FixedHeaderLength, 1 << 20);
                }
            }
            catch (DBusProtocolException)
            {
                // Over the limit: reported before the body is read.
            }
        }
    }
}
