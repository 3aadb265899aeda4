using System.Net;
using System.Net.Sockets;

namespace TelemetryGateway.Tests.Shared;

/// <summary>
/// Loopback ports for servers the tests start, stop and start again on the same port.
/// </summary>
/// <remarks>
/// A port the kernel hands out for "port 0" lies in the ephemeral range, which outgoing connections draw their
/// local ports from: while a server is down, another test's connection (or a client reconnecting to that very
/// port, which on loopback can connect to itself) may take it, and the restart fails with "address already in
/// use". Ports below the ephemeral range are never handed out that way.
/// </remarks>
public static class LoopbackPorts
{
    private const int Lowest = 20_000;

    /// <summary>A port below the ephemeral range that was free a moment ago.</summary>
    public static int Pick()
    {
        var highest = Math.Min(EphemeralStart() - 1, 32_767);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Lowest, highest + 1);
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }
        throw new InvalidOperationException($"no free loopback port between {Lowest} and {highest} after 200 tries");
    }

    private static int EphemeralStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768;
        }
    }
}
