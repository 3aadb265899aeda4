using System.Net;
using System.Net.Sockets;

namespace TelemetryGateway.Spine.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of a server whose connections a test can cut at will (abortive close: the
/// peers see a reset, as when a 5G link drops in a tunnel), and which can refuse new ones for a while.
/// </summary>
public sealed class CuttableTcpProxy(IPEndPoint target) : LoopbackProxy(target)
{
    private volatile bool _refusing;

    public int ConnectionsAccepted => ConnectionsRelayed;

    /// <summary>Resets every open connection; with <paramref name="refuseFor"/> new ones are reset too for a while.</summary>
    public void CutAll(TimeSpan? refuseFor = null)
    {
        CutConnections();
        if (refuseFor is { } duration)
        {
            _refusing = true;
            _ = Task.Delay(duration).ContinueWith(_ => _refusing = false, TaskScheduler.Default);
        }
    }

    /// <summary>Takes new connections again before a refusal has run out (the link is back).</summary>
    public void StopRefusing() => _refusing = false;

    protected override bool Admit(Socket client)
    {
        if (!_refusing)
        {
            return true;
        }
        SocketPump.Abort(client);
        return false;
    }
}
