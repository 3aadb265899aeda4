using System.Net.Sockets;

namespace TelemetryGateway.Spine.Tests.Infrastructure;

/// <summary>What the test proxies share: copy one direction of a connection, and cut a socket abruptly.</summary>
internal static class SocketPump
{
    /// <summary>Copies <paramref name="from"/> to <paramref name="to"/> until end of stream (passed on as a
    /// half-close) or a failure (both sides cut).</summary>
    public static async Task PumpAsync(Socket from, Socket to, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, ct);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, ct);
            }
        }
        catch (Exception)
        {
            Abort(from);
            Abort(to);
        }
    }

    /// <summary>Closes with RST, not FIN: the peer sees a cut connection.</summary>
    public static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception)
        {
        }
    }
}
