using TelemetryGateway.Bluetooth.Tests.Infrastructure;

namespace TelemetryGateway.Bluetooth.Tests.DBus;

/// <summary>
/// An independent D-Bus peer in GLib's GDBus (Debian python3-gi; its own marshaller, not libdbus and not ours)
/// that answers in big-endian byte order: name org.tg.BigEndian at /org/tg/BigEndian. <c>Echo</c> returns its
/// arguments; <c>Emit</c> sends the signal <c>Values</c> with an ObjectManager-shaped body. dbus-daemon forwards
/// messages in the byte order their sender chose, so what reaches our client is big-endian.
/// </summary>
public static class BigEndianPeer
{
    public const string Name = "org.tg.BigEndian";
    public const string Path = "/org/tg/BigEndian";
    public const string Interface = "org.tg.BigEndian";

    /// <summary>Every basic type but h (GDBus refuses a handle without a file-descriptor list) and the containers.</summary>
    public const string EchoSignature = "ybnqiuxtdsog" + "v" + "a{sv}" + "a(yx)" + "aas" + "a{oa{sv}}" + "ad" + "ax" + "ay";

    public static async Task<PythonPeer> StartAsync(string busAddress)
    {
        var script = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tg-bigendian-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(script, Script);
        return await PythonPeer.StartAsync(script, [busAddress]);
    }

    private const string Script = """
        import sys
        from gi.repository import Gio, GLib

        TYPES = ['y', 'b', 'n', 'q', 'i', 'u', 'x', 't', 'd', 's', 'o', 'g', 'v', 'a{sv}', 'a(yx)', 'aas', 'a{oa{sv}}', 'ad', 'ax', 'ay']
        XML = ("<node><interface name='org.tg.BigEndian'><method name='Echo'>"
               + ''.join("<arg type='%s' direction='in'/>" % t for t in TYPES)
               + "</method><method name='Emit'/></interface></node>")

        conn = Gio.DBusConnection.new_for_address_sync(sys.argv[1],
            Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)

        def send_big_endian(connection, message):
            message.set_byte_order(Gio.DBusMessageByteOrder.BIG_ENDIAN)
            connection.send_message(message, Gio.DBusSendMessageFlags.NONE)

        def on_call(connection, sender, path, interface, method, parameters, invocation):
            # Replies are built by hand (not invocation.return_value) to choose their byte order.
            reply = Gio.DBusMessage.new_method_reply(invocation.get_message())
            if method == 'Echo':
                reply.set_body(parameters)
            else:
                signal = Gio.DBusMessage.new_signal(path, interface, 'Values')
                signal.set_body(GLib.Variant('(ya{oa{sv}}as)', (7, {
                    '/org/bluez/hci0': {'Powered': GLib.Variant('b', True), 'Address': GLib.Variant('s', 'C0:26:DA:00:00:00')},
                    '/org/bluez/hci0/dev_C0_26_DA_00_00_01': {'RSSI': GLib.Variant('n', -58)},
                }, ['x', 'yz'])))
                send_big_endian(connection, signal)
            send_big_endian(connection, reply)

        node = Gio.DBusNodeInfo.new_for_xml(XML)
        conn.register_object('/org/tg/BigEndian', node.interfaces[0], on_call, None, None)
        Gio.bus_own_name_on_connection(conn, 'org.tg.BigEndian', Gio.BusNameOwnerFlags.NONE,
                                       lambda *_: print('READY', flush=True), None)
        GLib.MainLoop().run()
        """;
}
