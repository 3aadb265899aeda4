using System.Net.Sockets;
using System.Text;
using TelemetryGateway.Bluetooth.DBus.Connection;
using TelemetryGateway.Bluetooth.DBus.Wire;
using TelemetryGateway.Bluetooth.Tests.Infrastructure;

namespace TelemetryGateway.Bluetooth.Tests.DBus;

/// <summary>Our D-Bus client against a real dbus-daemon and a python3-dbus (libdbus) service.</summary>
public sealed class DBusClientTests : IAsyncLifetime
{
    private DBusDaemon _bus = null!;
    private PythonPeer _service = null!;
    private DBusConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _bus = await DBusDaemon.StartAsync();
        _service = await EchoService.StartAsync(_bus.Address);
        _connection = await DBusConnection.ConnectAsync(_bus.Address, ct: TestTimeout.Token());
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _service.DisposeAsync();
        await _bus.DisposeAsync();
    }

    private Task<DBusMessage> CallAsync(string member, string signature = "", params object[] body) =>
        _connection.CallAsync(DBusMessage.MethodCall(EchoService.Name, EchoService.Path, EchoService.Interface, member, signature, body), TestTimeout.Token());

    [Fact]
    public void Hello_gave_a_unique_name() => Assert.StartsWith(":1.", _connection.UniqueName, StringComparison.Ordinal);

    [Fact]
    public async Task Abstract_socket_addresses_connect()
    {
        // A second daemon listening in the abstract namespace.
        var name = "tg-test-" + Guid.NewGuid().ToString("N");
        await using var daemon = await DBusDaemon.StartAsync($"unix:abstract={name}");
        Assert.Contains("abstract=", daemon.Address, StringComparison.Ordinal);
        await using var connection = await DBusConnection.ConnectAsync($"unix:abstract={name}", ct: TestTimeout.Token());
        Assert.StartsWith(":", connection.UniqueName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_basic_type_round_trips_through_libdbus()
    {
        object[] values =
        [
            (byte)200, true, (short)-12345, (ushort)54321, -2_000_000_000, 4_000_000_000u, -9_000_000_000_000_000_000L,
            18_000_000_000_000_000_000UL, 3.141592653589793, "grüße ✓", new ObjectPath("/org/bluez/hci0/dev_00_11"), new DBusSignature("a{sv}"),
        ];
        var echoed = await CallAsync("Basic", "ybnqiuxtdsog", values);
        Assert.Equal("ybnqiuxtdsog", echoed.Signature);
        Assert.Equal(values, echoed.Body);

        // And libdbus read what we meant, not just bytes it could echo.
        var described = await CallAsync("DescribeBasic", "ybnqiuxtdsog", values);
        Assert.Equal(
            "200|True|-12345|54321|-2000000000|4000000000|-9000000000000000000|18000000000000000000|3.141592653589793|grüße ✓|/org/bluez/hci0/dev_00_11|a{sv}",
            described.Arg<string>());
    }

    [Fact]
    public async Task Containers_round_trip_through_libdbus()
    {
        var props = new Dictionary<object, object>
        {
            ["Name"] = Variant.Of("cuff"),
            ["RSSI"] = Variant.Of((short)-60),
            ["UUIDs"] = Variant.Of(["00001810-0000-1000-8000-00805f9b34fb"]),
            ["Nested"] = new Variant("a{sv}", new Dictionary<object, object> { ["x"] = Variant.Of(1.5) }),
        };
        object[] pairs = [new DBusStruct(1, "one"), new DBusStruct(2, "two")];
        object[] nested = [new object[] { "a", "b" }, Array.Empty<object>(), new object[] { "c" }];
        object[] longs = [1L, -1L, long.MaxValue];
        object[] doubles = [0.5, -0.25];
        var tuple = new DBusStruct((byte)7, false, "s");

        var reply = await CallAsync("Containers", "a{sv}a(is)aasaxad(ybs)", props, pairs, nested, longs, doubles, tuple);
        var echoedProps = PropertyMap.From(reply.Body[0]);
        Assert.Equal(Variant.Of("cuff"), echoedProps["Name"]);
        Assert.Equal(Variant.Of((short)-60), echoedProps["RSSI"]);
        Assert.Equal("as", echoedProps["UUIDs"].Signature);
        Assert.Equal(["00001810-0000-1000-8000-00805f9b34fb"], (object[])echoedProps["UUIDs"].Value);
        Assert.Equal(Variant.Of(1.5), PropertyMap.From(echoedProps["Nested"].Value)["x"]);
        Assert.Equal(pairs, reply.Body[1]);
        Assert.Equal(nested, reply.Body[2]);
        Assert.Equal(longs, reply.Body[3]);
        Assert.Equal(doubles, reply.Body[4]);
        Assert.Equal(tuple.Fields, ((DBusStruct)reply.Body[5]).Fields);

        var described = await CallAsync("DescribeProps", "a{sv}", new Dictionary<object, object> { ["n"] = Variant.Of((short)-60), ["p"] = Variant.Of(new ObjectPath("/x")) });
        Assert.Equal("n=Int16:-60;p=ObjectPath:/x", described.Arg<string>());
    }

    [Fact]
    public async Task Variants_keep_their_signature()
    {
        var reply = await CallAsync("EchoVariant", "v", new Variant("a(yu)", new object[] { new DBusStruct((byte)1, 2u) }));
        var variant = reply.Arg<Variant>();
        Assert.Equal("a(yu)", variant.Signature);
        Assert.Equal([(byte)1, 2u], ((DBusStruct)((object[])variant.Value)[0]).Fields);
    }

    [Fact]
    public async Task Empty_arrays_of_8_aligned_elements_decode()
    {
        var reply = await CallAsync("Empties");
        Assert.Equal("axa(yy)a{sv}ay", reply.Signature);
        Assert.Empty((object[])reply.Body[0]);
        Assert.Empty((object[])reply.Body[1]);
        Assert.Empty((Dictionary<object, object>)reply.Body[2]);
        Assert.Empty((byte[])reply.Body[3]);
    }

    [Fact]
    public async Task Arrays_over_one_mebibyte_travel_both_ways()
    {
        const int size = 3 * 1024 * 1024 + 17;
        var reply = await CallAsync("Bytes", "u", (uint)size);
        var bytes = reply.Arg<byte[]>();
        Assert.Equal(size, bytes.Length);
        Assert.Equal((size - 1) % 251, bytes[^1]);
        for (var i = 0; i < bytes.Length; i += 4099)
        {
            Assert.Equal(i % 251, bytes[i]);
        }

        var checksum = await CallAsync("Checksum", "ay", bytes);
        Assert.Equal((uint)size, checksum.Arg<uint>(0));
        Assert.Equal((ulong)bytes.Sum(b => (long)b), checksum.Arg<ulong>(1));
    }

    [Fact]
    public async Task A_message_over_the_connection_limit_closes_the_connection_with_a_protocol_error()
    {
        await using var small = await DBusConnection.ConnectAsync(_bus.Address, new DBusConnectionOptions { MaxMessageLength = 1 << 20 }, ct: TestTimeout.Token());
        var call = small.CallAsync(DBusMessage.MethodCall(EchoService.Name, EchoService.Path, EchoService.Interface, "Bytes", "u", 2u << 20), TestTimeout.Token());
        var error = await Assert.ThrowsAsync<DBusConnectionClosedException>(() => call);
        var protocol = Assert.IsType<DBusProtocolException>(error.InnerException);
        Assert.Contains("exceeds the limit", protocol.Message, StringComparison.Ordinal);
        Assert.True(small.Closed.IsCancellationRequested);

        // Sending over the limit is refused before anything is written.
        await using var other = await DBusConnection.ConnectAsync(_bus.Address, new DBusConnectionOptions { MaxMessageLength = 1 << 20 }, ct: TestTimeout.Token());
        await Assert.ThrowsAsync<ArgumentException>(() => other.CallAsync(
            DBusMessage.MethodCall(EchoService.Name, EchoService.Path, EchoService.Interface, "Checksum", "ay", new byte[2 << 20]), TestTimeout.Token()));
        Assert.Equal("(1, 1)", (await other.CallAsync(
            DBusMessage.MethodCall(EchoService.Name, EchoService.Path, EchoService.Interface, "Checksum", "ay", new byte[] { 1 }), TestTimeout.Token())).Body is [uint n, ulong sum] ? $"({n}, {sum})" : "?");
    }

    [Fact]
    public async Task Errors_arrive_as_typed_exceptions()
    {
        var error = await Assert.ThrowsAsync<DBusErrorException>(() => CallAsync("Fail", "s", "no cuff here"));
        Assert.Equal("org.tg.Test.Error.Custom", error.ErrorName);
        Assert.Equal("no cuff here", error.Detail);

        var unknown = await Assert.ThrowsAsync<DBusErrorException>(() => CallAsync("NoSuchMethod"));
        Assert.Equal(DBusErrorNames.UnknownMethod, unknown.ErrorName);

        var service = await Assert.ThrowsAsync<DBusErrorException>(() => _connection.CallAsync(
            DBusMessage.MethodCall("org.tg.Nobody", "/", "org.tg.Nobody", "X"), TestTimeout.Token()));
        Assert.Equal(DBusErrorNames.ServiceUnknown, service.ErrorName);
        Assert.True(service.IsStandard);
    }

    [Fact]
    public async Task Signals_reach_only_matching_subscribers_and_stop_after_unsubscribe()
    {
        var ticks = new List<string>();
        var tocks = new List<string>();
        var tick = await _connection.SubscribeAsync(new MatchRule { Interface = EchoService.Interface, Member = "Tick", Path = EchoService.Path }, m =>
        {
            lock (ticks)
            {
                ticks.Add(m.Arg<string>());
            }
        }, TestTimeout.Token());
        await using var tock = await _connection.SubscribeAsync(new MatchRule { Interface = "org.tg.Other", PathNamespace = new ObjectPath("/org/tg") }, m =>
        {
            lock (tocks)
            {
                tocks.Add(m.Arg<string>());
            }
        }, TestTimeout.Token());

        await CallAsync("Emit", "ss", "Tick", "1");
        await CallAsync("Emit", "ss", "Tock", "A");
        await CallAsync("Emit", "ss", "Tick", "2");
        await tick.DisposeAsync();
        await CallAsync("Emit", "ss", "Tick", "3");
        await CallAsync("Emit", "ss", "Tock", "B");

        // The Tock after everything proves every earlier signal was dispatched (one ordered stream).
        await WaitUntilAsync(() => { lock (tocks) { return tocks.Count == 2; } });
        lock (ticks)
        {
            Assert.Equal(["1", "2"], ticks);
        }

        Assert.Equal(["A", "B"], tocks);
    }

    [Fact]
    public async Task Names_coming_and_going_are_seen()
    {
        const string name = "org.tg.Coming";
        var changes = new List<(string Old, string New)>();
        await using var watch = await _connection.WatchNameOwnerAsync(name, (_, oldOwner, newOwner) =>
        {
            lock (changes)
            {
                changes.Add((oldOwner, newOwner));
            }
        }, TestTimeout.Token());
        Assert.Null(await _connection.GetNameOwnerAsync(name, TestTimeout.Token()));

        await CallAsync("Claim", "s", name);
        var owner = await _connection.GetNameOwnerAsync(name, TestTimeout.Token());
        Assert.NotNull(owner);
        await CallAsync("Release", "s", name);
        await WaitUntilAsync(() => { lock (changes) { return changes.Count == 2; } });
        Assert.Equal([("", owner), (owner, "")], changes);

        // The whole service going away: its own name loses its owner.
        var serviceGone = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var serviceWatch = await _connection.WatchNameOwnerAsync(EchoService.Name, (_, _, newOwner) => serviceGone.TrySetResult(newOwner), TestTimeout.Token());
        await _service.DisposeAsync();
        Assert.Equal("", await serviceGone.Task.Within());
    }

    [Fact]
    public async Task Big_endian_signal_from_a_hand_built_peer_is_decoded()
    {
        // A raw peer: authenticates by hand and sends big-endian messages built byte by byte.
        var received = new TaskCompletionSource<DBusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await _connection.SubscribeAsync(new MatchRule { Interface = "t.T", Member = "S" }, m => received.TrySetResult(m), TestTimeout.Token());

        var path = DBusAddress.ParseAll(_bus.Address)[0].Keys["path"];
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
        await using var stream = new NetworkStream(socket);
        var uid = Convert.ToHexStringLower(Encoding.ASCII.GetBytes(GetUid()));
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"\0AUTH EXTERNAL {uid}\r\nBEGIN\r\n"));
        // Hello, big-endian: destination org.freedesktop.DBus, path /org/freedesktop/DBus, interface and member.
        await stream.WriteAsync(BigEndianHello());
        await stream.WriteAsync(BigEndianSignal());

        var signal = await received.Task.Within();
        Assert.Equal("hi", signal.Arg<string>());
        Assert.Equal(new ObjectPath("/a"), signal.Path);
    }

    private static string GetUid() => File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];

    private static byte[] BigEndianHello()
    {
        // Fields are 8-aligned structs (byte code, variant); strings are u32 length, bytes, NUL.
        var fields = new List<byte>();
        void Field(byte code, char type, string value)
        {
            while (fields.Count % 8 != 0)
            {
                fields.Add(0);
            }

            fields.AddRange([code, 1, (byte)type, 0]);
            var bytes = Encoding.ASCII.GetBytes(value);
            fields.AddRange([0, 0, (byte)(bytes.Length >> 8), (byte)bytes.Length]);
            fields.AddRange(bytes);
            fields.Add(0);
        }

        Field(1, 'o', "/org/freedesktop/DBus");
        Field(6, 's', "org.freedesktop.DBus");
        Field(2, 's', "org.freedesktop.DBus");
        Field(3, 's', "Hello");
        var message = new List<byte> { (byte)'B', 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, (byte)(fields.Count >> 8), (byte)fields.Count };
        message.AddRange(fields);
        while (message.Count % 8 != 0)
        {
            message.Add(0);
        }

        return [.. message];
    }

    // The codec test's signal (t.T.S at /a, "hi") with serial 2.
    private static byte[] BigEndianSignal() => Convert.FromHexString(string.Concat(
        "42040001", "00000007", "00000002", "00000037",
        "01016F00000000022F6100", "0000000000",
        "0201730000000003742E5400", "00000000",
        "030173000000000153 00".Replace(" ", "", StringComparison.Ordinal), "000000000000",
        "08016700017300", "00",
        "00000002686900"));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestTimeout.Default;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }
}
