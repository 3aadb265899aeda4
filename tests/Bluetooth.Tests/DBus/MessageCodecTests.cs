using TelemetryGateway.Bluetooth.DBus.Wire;

namespace TelemetryGateway.Bluetooth.Tests.DBus;

/// <summary>
/// The message codec against hand-assembled messages laid out per D-Bus Specification 0.41 "Message Format"
/// and "Marshaling (Wire Format)".
/// </summary>
public sealed class MessageCodecTests
{
    // Signal t.T.S at /a, body (s "hi"), serial 1, in big-endian byte order.
    private static readonly byte[] BigEndianSignal = Convert.FromHexString(string.Concat(
        "42", "04", "00", "01",                     // 'B' big-endian, SIGNAL, no flags, version 1
        "00000007",                                 // body length 7
        "00000001",                                 // serial 1
        "00000037",                                 // header field array length 55
        "01" + "016F00" + "00000002" + "2F6100",    // PATH: variant 'o' "/a"
        "0000000000",                               // pad to 8
        "02" + "017300" + "00000003" + "742E5400",  // INTERFACE: 's' "t.T"
        "00000000",                                 // pad to 8
        "03" + "017300" + "00000001" + "5300",      // MEMBER: 's' "S"
        "000000000000",                             // pad to 8
        "08" + "016700" + "017300",                 // SIGNATURE: 'g' "s"
        "00",                                       // header padded to 8 (72)
        "00000002" + "686900"));                    // body: "hi"

    // The same message little-endian: only the multi-byte integers change.
    private static readonly byte[] LittleEndianSignal = Convert.FromHexString(string.Concat(
        "6C", "04", "00", "01",
        "07000000",
        "01000000",
        "37000000",
        "01" + "016F00" + "02000000" + "2F6100",
        "0000000000",
        "02" + "017300" + "03000000" + "742E5400",
        "00000000",
        "03" + "017300" + "01000000" + "5300",
        "000000000000",
        "08" + "016700" + "017300",
        "00",
        "02000000" + "686900"));

    [Fact]
    public void Big_endian_message_decodes()
    {
        Assert.True(MessageCodec.TryGetLength(BigEndianSignal, int.MaxValue, out var length));
        Assert.Equal(79, length);
        var message = MessageCodec.Decode(BigEndianSignal);
        Assert.True(message.BigEndian);
        Assert.Equal(MessageType.Signal, message.Type);
        Assert.Equal(1u, message.Serial);
        Assert.Equal(new ObjectPath("/a"), message.Path);
        Assert.Equal("t.T", message.Interface);
        Assert.Equal("S", message.Member);
        Assert.Equal("s", message.Signature);
        Assert.Equal(["hi"], message.Body);
    }

    [Fact]
    public void Encoding_is_little_endian_byte_for_byte()
    {
        var message = MessageCodec.Decode(BigEndianSignal);
        Assert.Equal(LittleEndianSignal, MessageCodec.Encode(message));
        Assert.False(MessageCodec.Decode(LittleEndianSignal).BigEndian);
    }

    [Fact]
    public void Every_basic_and_container_type_round_trips()
    {
        var body = new object[]
        {
            (byte)0xFE, true, (short)-2, (ushort)65535, int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue, -1.5e300,
            "ünïcødé", new ObjectPath("/org/bluez/hci0"), new DBusSignature("a{sv}"), new UnixFd(3),
            new Variant("(ix)", new DBusStruct(7, 8L)),
            new Dictionary<object, object> { ["a"] = Variant.Of(1u), ["b"] = Variant.Of(new byte[] { 1, 2 }) },
            new object[] { new DBusStruct((byte)1, 2L), new DBusStruct((byte)3, 4L) },
            new object[] { new object[] { "x" }, Array.Empty<object>() },
        };
        const string signature = "ybnqiuxtdsogh" + "v" + "a{sv}" + "a(yx)" + "aas";
        var encoded = MessageCodec.Encode(DBusMessage.MethodCall("a.b", "/", "a.b", "M", signature, body) with { Serial = 9 });
        var decoded = MessageCodec.Decode(encoded);
        Assert.Equal(body[..13], decoded.Body.Take(13));
        var variant = Assert.IsType<Variant>(decoded.Body[13]);
        Assert.Equal("(ix)", variant.Signature);
        Assert.Equal([7, 8L], ((DBusStruct)variant.Value).Fields);
        var dict = Assert.IsType<Dictionary<object, object>>(decoded.Body[14]);
        Assert.Equal(Variant.Of(1u), dict["a"]);
        Assert.Equal(new byte[] { 1, 2 }, ((Variant)dict["b"]).Value);
        var structs = Assert.IsType<object[]>(decoded.Body[15]);
        Assert.Equal([(byte)3, 4L], ((DBusStruct)structs[1]).Fields);
        var nested = Assert.IsType<object[]>(decoded.Body[16]);
        Assert.Equal(["x"], (object[])nested[0]);
        Assert.Empty((object[])nested[1]);
    }

    [Fact]
    public void Empty_array_of_8_aligned_elements_still_pads_to_8()
    {
        // "ax" empty after a byte: byte at 0, pad to 4, length 0 at 4..7, pad to 8 (already), no elements.
        // "a(yy)" empty after a u32: length at 0..3, then padding to 8 (4 zero bytes) that the length does not count.
        var writer = new MarshalWriter();
        writer.Write("u", 1u);
        writer.Write("a(yy)", Array.Empty<object>());
        writer.Write("y", (byte)9);
        Assert.Equal(Convert.FromHexString("01000000" + "00000000" + "09"), writer.ToArray());

        var reader = new MarshalReader(writer.ToArray(), bigEndian: false);
        Assert.Equal([1u, Array.Empty<object>(), (byte)9], reader.ReadAll("ua(yy)y"));
    }

    [Theory]
    [InlineData("58", "neither 'l' nor 'B'")]                 // byte order mark 'X'
    public void Bad_byte_order_mark_is_a_protocol_error(string first, string expected)
    {
        var bytes = (byte[])LittleEndianSignal.Clone();
        bytes[0] = Convert.FromHexString(first)[0];
        var error = Assert.Throws<DBusProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_messages_are_protocol_errors()
    {
        void Expect(byte[] bytes, string expected)
        {
            var error = Assert.Throws<DBusProtocolException>(() => MessageCodec.Decode(bytes));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }

        var badPadding = (byte[])LittleEndianSignal.Clone();
        badPadding[28] = 0x55; // inside the padding after PATH
        Expect(badPadding, "Non-zero padding");

        var unterminated = (byte[])LittleEndianSignal.Clone();
        unterminated[78] = 0x21; // the body string's NUL
        Expect(unterminated, "not terminated");

        var badPath = (byte[])LittleEndianSignal.Clone();
        badPath[25] = 0x2F; // "/a" becomes "//"
        Expect(badPath, "Invalid object path");

        var badSignature = (byte[])LittleEndianSignal.Clone();
        badSignature[69] = 0x7A; // body signature 'z'
        Expect(badSignature, "unknown type code");

        var badVersion = (byte[])LittleEndianSignal.Clone();
        badVersion[3] = 2;
        Expect(badVersion, "Protocol version 2");

        var zeroSerial = (byte[])LittleEndianSignal.Clone();
        zeroSerial[8] = 0;
        Expect(zeroSerial, "serial is 0");

        Expect(LittleEndianSignal[..78], "declares 79");

        var noMember = MessageCodec.Encode(new DBusMessage { Type = MessageType.Signal, Serial = 1, Path = new ObjectPath("/"), Interface = "a.b" });
        Expect(noMember, "lacks the required header fields");
    }

    [Fact]
    public void Invalid_boolean_and_overlong_array_are_protocol_errors()
    {
        var boolean = Convert.FromHexString("02000000");
        Assert.Throws<DBusProtocolException>(() => new MarshalReader(boolean, false).ReadAll("b"));

        // Array length 2^26 + 1: over the limit before any element is read.
        var array = Convert.FromHexString("01000004");
        var error = Assert.Throws<DBusProtocolException>(() => new MarshalReader(array, false).ReadAll("ay"));
        Assert.Contains("exceeds the limit", error.Message, StringComparison.Ordinal);

        var invalidUtf8 = Convert.FromHexString("01000000" + "FF00");
        Assert.Throws<DBusProtocolException>(() => new MarshalReader(invalidUtf8, false).ReadAll("s"));
    }

    [Fact]
    public void Declared_length_over_the_limit_is_refused_from_the_fixed_header()
    {
        var header = (byte[])LittleEndianSignal[..16].Clone();
        header[4] = 0xFF;
        header[5] = 0xFF;
        header[6] = 0xFF; // body length ~16 MiB
        var error = Assert.Throws<DBusProtocolException>(() => MessageCodec.TryGetLength(header, 1 << 20, out _));
        Assert.Contains("exceeds the limit", error.Message, StringComparison.Ordinal);
        Assert.False(MessageCodec.TryGetLength(header[..15], 1 << 20, out _));
    }
}
