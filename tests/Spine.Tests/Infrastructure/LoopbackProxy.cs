using System.Net;
using System.Net.Sockets;

namespace TelemetryGateway.Spine.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of one server: accepts, lets the subclass refuse or answer a connection itself
/// (<see cref="Admit"/>), and relays the rest both ways; <see cref="CutConnections"/> resets every relayed one.
/// </summary>
public abstract class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _open = [];
    private readonly Task _acceptLoop;
    private int _relayed;

    protected LoopbackProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections relayed to the server so far.</summary>
    public int ConnectionsRelayed => Volatile.Read(ref _relayed);

    public int Cuts { get; private set; }

    protected CancellationToken Stopping => _stop.Token;

    /// <summary>True to relay <paramref name="client"/>; false when the subclass refused or took it.</summary>
    protected abstract bool Admit(Socket client);

    /// <summary>Resets every relayed connection (RST, not FIN: the peers see the link drop).</summary>
    protected void CutConnections()
    {
        lock (_open)
        {
            foreach (var socket in _open)
            {
                SocketPump.Abort(socket);
            }
            _open.Clear();
            Cuts++;
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
            if (!Admit(client))
            {
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
            lock (_open)
            {
                _open.Add(client);
                _open.Add(server);
            }
            Interlocked.Increment(ref _relayed);
            _ = SocketPump.PumpAsync(client, server, _stop.Token);
            _ = SocketPump.PumpAsync(server, client, _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutConnections();
        try
        {
            await _acceptLoop;
        }
        catch (Exception)
        {
        }
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
