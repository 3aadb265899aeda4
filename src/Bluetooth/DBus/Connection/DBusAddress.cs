using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace TelemetryGateway.Bluetooth.DBus.Connection;

/// <summary>
/// Server addresses (D-Bus Specification 0.41 "Server Addresses"): "transport:key=value,…", alternatives
/// separated by ';', values %-escaped. Only the unix transport is supported (path= and abstract=).
/// </summary>
public sealed record DBusAddress(string Transport, IReadOnlyDictionary<string, string> Keys)
{
    /// <summary>"unix:path=/var/run/dbus/system_bus_socket" unless DBUS_SYSTEM_BUS_ADDRESS says otherwise.</summary>
    public static string System =>
        Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS") is { Length: > 0 } address
            ? address
            : "unix:path=/var/run/dbus/system_bus_socket";

    /// <summary>DBUS_SESSION_BUS_ADDRESS, or null.</summary>
    public static string? Session => Environment.GetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");

    /// <summary>Parses every alternative of <paramref name="address"/>.</summary>
    /// <exception cref="FormatException">Malformed address.</exception>
    public static IReadOnlyList<DBusAddress> ParseAll(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var result = new List<DBusAddress>();
        foreach (var part in address.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"D-Bus address '{part}' has no transport prefix (e.g. 'unix:').");
            }

            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in part[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new FormatException($"D-Bus address '{part}': '{pair}' is not key=value.");
                }

                keys[pair[..equals]] = Unescape(pair[(equals + 1)..]);
            }

            result.Add(new DBusAddress(part[..colon], keys));
        }

        return result.Count > 0 ? result : throw new FormatException("Empty D-Bus address.");
    }

    /// <summary>The socket end point of a unix address.</summary>
    /// <exception cref="NotSupportedException">Another transport, or a unix address without path/abstract.</exception>
    public UnixDomainSocketEndPoint ToEndPoint()
    {
        if (Transport != "unix")
        {
            throw new NotSupportedException($"D-Bus transport '{Transport}' is not supported (only unix).");
        }

        if (Keys.TryGetValue("path", out var path))
        {
            return new UnixDomainSocketEndPoint(path);
        }

        // Linux abstract namespace: the name after a leading NUL.
        if (Keys.TryGetValue("abstract", out var name))
        {
            return new UnixDomainSocketEndPoint("\0" + name);
        }

        throw new NotSupportedException("D-Bus unix address needs path= or abstract= (tmpdir/dir/runtime are for servers).");
    }

    private static string Unescape(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%')
            {
                if (i + 2 >= value.Length || !byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
                {
                    throw new FormatException($"D-Bus address value '{value}' has a bad %-escape at {i}.");
                }

                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
