using TelemetryGateway.Bluetooth.DBus.Connection;
using TelemetryGateway.Bluetooth.DBus.Wire;
using TelemetryGateway.Bluetooth.Tests.Infrastructure;

namespace TelemetryGateway.Bluetooth.Tests.DBus;

/// <summary>
/// Big-endian input (D-Bus Specification 0.41 "Message Format": the receiver must accept either byte order)
/// for every basic and container type: a vector marshalled by GLib's GDBus, and a live GDBus peer that sends
/// its replies and signals big-endian through a real dbus-daemon.
/// </summary>
public sealed class BigEndianTests : IAsyncLifetime
{
    private DBusDaemon _bus = null!;
    private PythonPeer _peer = null!;
    private DBusConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _bus = await DBusDaemon.StartAsync();
        _peer = await BigEndianPeer.StartAsync(_bus.Address);
        _connection = await DBusConnection.ConnectAsync(_bus.Address, ct: TestTimeout.Token());
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _peer.DisposeAsync();
        await _bus.DisposeAsync();
    }

    [Fact]
    public void Big_endian_containers_and_a_handle_marshalled_by_GDBus_decode()
    {
        // GLib 2.x Gio.DBusMessage.new_method_call("a.b", "/", "a.b", "M"), serial 9, body
        // (yhxva{sv}a(yx)) (0xFE, 3, -2, <(7, 8)>, {"a": <1u>}, [(1, 2), (3, 4)]), set_byte_order(BIG_ENDIAN), to_blob().
        var bytes = Convert.FromHexString(string.Concat(
            "4201000100000068", "0000000900000052",         // 'B', METHOD_CALL, flags 0, v1, body 104 | serial 9, fields 82
            "01016f0000000001", "2f00000000000000",         // PATH 'o' "/" (then pad to 8)
            "0201730000000003", "612e620000000000",         // INTERFACE 's' "a.b"
            "0601730000000003", "612e620000000000",         // DESTINATION 's' "a.b"
            "080167000e796878", "76617b73767d6128", "7978290000000000", // SIGNATURE 'g' "yhxva{sv}a(yx)"
            "0301730000000001", "4d00000000000000",         // MEMBER 's' "M", header padded to 8 (104)
            "fe00000000000003",                             // y 0xFE, pad, h 3
            "fffffffffffffffe",                             // x -2
            "0428697829000000", "0000000700000000", "0000000000000008", // v "(ix)": pad to 8, i 7, pad, x 8
            "0000001000000000",                             // a{sv}: 16 bytes, pad to the 8-aligned entries
            "0000000161000175", "0000000000000001",         // {"a": v 'u' 1}
            "0000002000000000",                             // a(yx): 32 bytes, pad to 8
            "0100000000000000", "0000000000000002",         // (1, 2)
            "0300000000000000", "0000000000000004"));       // (3, 4)

        var message = MessageCodec.Decode(bytes);

        Assert.True(message.BigEndian);
        Assert.Equal(9u, message.Serial);
        Assert.Equal("M", message.Member);
        Assert.Equal("yhxva{sv}a(yx)", message.Signature);
        Assert.Equal((byte)0xFE, message.Body[0]);
        Assert.Equal(new UnixFd(3), message.Body[1]);
        Assert.Equal(-2L, message.Body[2]);
        var variant = Assert.IsType<Variant>(message.Body[3]);
        Assert.Equal("(ix)", variant.Signature);
        Assert.Equal(new DBusStruct(7, 8L), variant.Value);
        Assert.Equal(Variant.Of(1u), PropertyMap.From(message.Body[4])["a"]);
        Assert.Equal([new DBusStruct((byte)1, 2L), new DBusStruct((byte)3, 4L)], (object[])message.Body[5]);
    }

    [Fact]
    public async Task Every_type_arrives_in_a_big_endian_reply_from_GDBus()
    {
        object[] body =
        [
            (byte)200, true, (short)-12345, (ushort)54321, -2_000_000_000, 4_000_000_000u, -9_000_000_000_000_000_000L,
            18_000_000_000_000_000_000UL, 3.141592653589793, "grüße ✓", new ObjectPath("/org/bluez/hci0"), new DBusSignature("a{sv}"),
            new Variant("(ix)", new DBusStruct(7, 8L)),
            new Dictionary<object, object> { ["Name"] = Variant.Of("cuff"), ["RSSI"] = Variant.Of((short)-60) },
            new object[] { new DBusStruct((byte)1, 2L), new DBusStruct((byte)3, -4L) },
            new object[] { new object[] { "a", "b" }, Array.Empty<object>(), new object[] { "c" } },
            new Dictionary<object, object>
            {
                [new ObjectPath("/org/bluez/hci0")] = new Dictionary<object, object> { ["Powered"] = Variant.Of(true) },
            },
            new object[] { 0.5, -0.25 },
            new object[] { 1L, long.MinValue },
            new byte[] { 1, 2, 3, 0xFF },
        ];

        var reply = await _connection.CallAsync(
            DBusMessage.MethodCall(BigEndianPeer.Name, BigEndianPeer.Path, BigEndianPeer.Interface, "Echo", BigEndianPeer.EchoSignature, body),
            TestTimeout.Token());

        Assert.True(reply.BigEndian);
        Assert.Equal(MessageType.MethodReturn, reply.Type);
        Assert.Equal(BigEndianPeer.EchoSignature, reply.Signature);
        Assert.Equal(body[..13], reply.Body.Take(13));
        var properties = PropertyMap.From(reply.Body[13]);
        Assert.Equal(Variant.Of("cuff"), properties["Name"]);
        Assert.Equal(Variant.Of((short)-60), properties["RSSI"]);
        Assert.Equal((object[])body[14], (object[])reply.Body[14]);
        Assert.Equal((object[])body[15], (object[])reply.Body[15]);
        var objects = Assert.IsType<Dictionary<object, object>>(reply.Body[16]);
        Assert.Equal(Variant.Of(true), PropertyMap.From(objects[new ObjectPath("/org/bluez/hci0")])["Powered"]);
        Assert.Equal((object[])body[17], (object[])reply.Body[17]);
        Assert.Equal((object[])body[18], (object[])reply.Body[18]);
        Assert.Equal((byte[])body[19], reply.Arg<byte[]>(19));
    }

    [Fact]
    public async Task A_big_endian_signal_reaches_a_match_rule_subscriber()
    {
        var received = new TaskCompletionSource<DBusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await _connection.SubscribeAsync(
            new MatchRule { Interface = BigEndianPeer.Interface, Member = "Values" }, m => received.TrySetResult(m), TestTimeout.Token());

        await _connection.CallAsync(DBusMessage.MethodCall(BigEndianPeer.Name, BigEndianPeer.Path, BigEndianPeer.Interface, "Emit"), TestTimeout.Token());
        var signal = await received.Task.Within();

        Assert.True(signal.BigEndian);
        Assert.Equal("ya{oa{sv}}as", signal.Signature);
        Assert.Equal((byte)7, signal.Body[0]);
        var objects = Assert.IsType<Dictionary<object, object>>(signal.Body[1]);
        var adapter = PropertyMap.From(objects[new ObjectPath("/org/bluez/hci0")]);
        Assert.Equal(Variant.Of(true), adapter["Powered"]);
        Assert.Equal(Variant.Of("C0:26:DA:00:00:00"), adapter["Address"]);
        Assert.Equal(Variant.Of((short)-58), PropertyMap.From(objects[new ObjectPath("/org/bluez/hci0/dev_C0_26_DA_00_00_01")])["RSSI"]);
        Assert.Equal(["x", "yz"], (object[])signal.Body[2]);
    }
}
