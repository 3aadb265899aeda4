using System.Net;
using System.Net.Sockets;

namespace TelemetryGateway.Spine.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of a server whose connections a test can cut at will (abortive close: the
/// peers see a reset, as when a 5G link drops in a tunnel), and which can refuse new ones for a while.
/// </summary>
public sealed class CuttableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(Socket Client, Socket Server)> _pairs = [];
    private readonly Task _acceptLoop;
    private volatile bool _refusing;

    public CuttableTcpProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int ConnectionsAccepted { get; private set; }

    public int Cuts { get; private set; }

    /// <summary>Resets every open connection; with <paramref name="refuseFor"/> new ones are reset too for a while.</summary>
    public void CutAll(TimeSpan? refuseFor = null)
    {
        lock (_pairs)
        {
            foreach (var (client, server) in _pairs)
            {
                SocketPump.Abort(client);
                SocketPump.Abort(server);
            }
            _pairs.Clear();
            Cuts++;
        }
        if (refuseFor is { } duration)
        {
            _refusing = true;
            _ = Task.Delay(duration).ContinueWith(_ => _refusing = false, TaskScheduler.Default);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            if (_refusing)
            {
                SocketPump.Abort(client);
                continue;
            }
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
            }
            catch (Exception)
            {
                SocketPump.Abort(client);
                SocketPump.Abort(server);
                continue;
            }
            lock (_pairs)
            {
                _pairs.Add((client, server));
                ConnectionsAccepted++;
            }
            _ = SocketPump.PumpAsync(client, server, _stop.Token);
            _ = SocketPump.PumpAsync(server, client, _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        try
        {
            await _acceptLoop;
        }
        catch (Exception)
        {
        }
        _stop.Dispose();
    }
}
