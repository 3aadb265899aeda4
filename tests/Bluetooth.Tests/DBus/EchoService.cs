using TelemetryGateway.Bluetooth.Tests.Infrastructure;

namespace TelemetryGateway.Bluetooth.Tests.DBus;

/// <summary>
/// An independent D-Bus service in python3-dbus (libdbus underneath), name org.tg.Test at /org/tg/Test:
/// echoes every type, raises errors, emits signals, owns and releases names on request.
/// </summary>
public static class EchoService
{
    public const string Name = "org.tg.Test";
    public const string Path = "/org/tg/Test";
    public const string Interface = "org.tg.Test";

    public static async Task<PythonPeer> StartAsync(string busAddress)
    {
        var script = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tg-echo-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(script, Script);
        return await PythonPeer.StartAsync(script, [busAddress]);
    }

    private const string Script = """
        import sys
        import dbus
        import dbus.service
        import dbus.mainloop.glib
        from gi.repository import GLib

        dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
        bus = dbus.bus.BusConnection(sys.argv[1])
        IFACE = 'org.tg.Test'
        claimed = {}

        class Echo(dbus.service.Object):
            @dbus.service.method(IFACE, in_signature='ybnqiuxtdsog', out_signature='ybnqiuxtdsog')
            def Basic(self, y, b, n, q, i, u, x, t, d, s, o, g):
                return (y, b, n, q, i, u, x, t, d, s, o, g)

            @dbus.service.method(IFACE, in_signature='ybnqiuxtdsog', out_signature='s')
            def DescribeBasic(self, y, b, n, q, i, u, x, t, d, s, o, g):
                return '|'.join([str(int(y)), str(bool(b)), str(int(n)), str(int(q)), str(int(i)), str(int(u)),
                                 str(int(x)), str(int(t)), repr(float(d)), str(s), str(o), str(g)])

            @dbus.service.method(IFACE, in_signature='a{sv}a(is)aasaxad(ybs)', out_signature='a{sv}a(is)aasaxad(ybs)')
            def Containers(self, props, pairs, nested, longs, doubles, st):
                return (props, pairs, nested, longs, doubles, st)

            @dbus.service.method(IFACE, in_signature='a{sv}', out_signature='s')
            def DescribeProps(self, props):
                parts = []
                for k in sorted(props.keys()):
                    v = props[k]
                    parts.append('%s=%s:%s' % (k, type(v).__name__, v))
                return ';'.join(parts)

            @dbus.service.method(IFACE, in_signature='v', out_signature='v')
            def EchoVariant(self, v):
                return v

            @dbus.service.method(IFACE, in_signature='', out_signature='axa(yy)a{sv}ay')
            def Empties(self):
                return (dbus.Array([], signature='x'), dbus.Array([], signature='(yy)'),
                        dbus.Dictionary({}, signature='sv'), dbus.ByteArray(b''))

            @dbus.service.method(IFACE, in_signature='u', out_signature='ay')
            def Bytes(self, n):
                return dbus.ByteArray(bytes((i % 251) for i in range(n)))

            @dbus.service.method(IFACE, in_signature='ay', out_signature='ut')
            def Checksum(self, data):
                b = bytes(data)
                return (len(b), sum(b))

            @dbus.service.method(IFACE, in_signature='s', out_signature='')
            def Fail(self, text):
                raise dbus.exceptions.DBusException(text, name='org.tg.Test.Error.Custom')

            @dbus.service.method(IFACE, in_signature='ss', out_signature='')
            def Emit(self, member, arg):
                if member == 'Tick':
                    self.Tick(arg)
                else:
                    self.Tock(arg)

            @dbus.service.signal(IFACE, signature='s')
            def Tick(self, arg):
                pass

            @dbus.service.signal('org.tg.Other', signature='s')
            def Tock(self, arg):
                pass

            @dbus.service.method(IFACE, in_signature='s', out_signature='')
            def Claim(self, name):
                claimed[name] = dbus.service.BusName(name, bus)

            @dbus.service.method(IFACE, in_signature='s', out_signature='')
            def Release(self, name):
                claimed.pop(name, None)
                bus.release_name(name)

        name = dbus.service.BusName('org.tg.Test', bus)
        Echo(bus, '/org/tg/Test')
        print('READY', flush=True)
        GLib.MainLoop().run()
        """;
}
