using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using TelemetryGateway.Bluetooth.DBus.Wire;

namespace TelemetryGateway.Bluetooth.DBus.Connection;

/// <summary>
/// The client side of the authentication protocol (D-Bus Specification 0.41 "Authentication Protocol"):
/// the leading NUL byte, "AUTH EXTERNAL &lt;uid as hex-encoded ASCII decimal&gt;", "OK &lt;guid&gt;", "BEGIN".
/// </summary>
internal static class SaslExternal
{
    private const int MaxLineLength = 16 * 1024;

    /// <summary>Authenticates on <paramref name="stream"/>; returns the server GUID.</summary>
    /// <exception cref="DBusProtocolException">The server rejected us or answered outside the protocol.</exception>
    public static async Task<string> AuthenticateAsync(Stream stream, CancellationToken ct)
    {
        var uid = Getuid().ToString(CultureInfo.InvariantCulture);
        var hex = Convert.ToHexStringLower(Encoding.ASCII.GetBytes(uid));
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"\0AUTH EXTERNAL {hex}\r\n"), ct).ConfigureAwait(false);
        var reply = await ReadLineAsync(stream, ct).ConfigureAwait(false);
        if (!reply.StartsWith("OK ", StringComparison.Ordinal))
        {
            throw new DBusProtocolException($"D-Bus authentication EXTERNAL (uid {uid}) refused: '{reply}'.");
        }

        await stream.WriteAsync("BEGIN\r\n"u8.ToArray(), ct).ConfigureAwait(false);
        return reply[3..].Trim();
    }

    // Byte by byte: nothing after the OK line may be consumed, the binary protocol follows BEGIN.
    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken ct)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, ct).ConfigureAwait(false) == 0)
            {
                throw new DBusProtocolException("D-Bus server closed the connection during authentication.");
            }

            if (one[0] == '\n' && line.Length > 0 && line[^1] == '\r')
            {
                return line.ToString(0, line.Length - 1);
            }

            if (line.Length >= MaxLineLength)
            {
                throw new DBusProtocolException("D-Bus authentication line exceeds 16 KiB.");
            }

            line.Append((char)one[0]);
        }
    }

    [DllImport("libc", EntryPoint = "getuid")]
    private static extern uint Getuid();
}
