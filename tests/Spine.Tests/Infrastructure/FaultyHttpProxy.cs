using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TelemetryGateway.Spine.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of an HTTP/1.1 server (influxd, victoria-metrics) that misbehaves like a
/// congested network and an overloaded server: <see cref="CutAll"/> resets every open connection (requests in
/// flight lose their answers, possibly after the server acted on them), and every
/// <see cref="RejectEvery"/>-th new connection is answered by the proxy itself with
/// <c>503 Service Unavailable</c> and <c>Retry-After: <see cref="RetryAfterSeconds"/></c> instead of reaching the server.
/// </summary>
public sealed class FaultyHttpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _open = [];
    private readonly List<(long Rejected, long NextConnection)> _gaps = [];
    private readonly Task _acceptLoop;
    private long _lastRejectedAt = -1;
    private int _connections;

    public FaultyHttpProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Answer every n-th connection with 503 + Retry-After (0: never).</summary>
    public int RejectEvery { get; set; }

    public int RetryAfterSeconds { get; set; } = 1;

    public int Connections => Volatile.Read(ref _connections);

    public int Rejected { get; private set; }

    public int Cuts { get; private set; }

    /// <summary>For each rejection, the time until the next connection arrived (how long the client waited).</summary>
    public IReadOnlyList<TimeSpan> WaitsAfterRejection
    {
        get
        {
            lock (_gaps)
            {
                return [.. _gaps.Select(g => Stopwatch.GetElapsedTime(g.Rejected, g.NextConnection))];
            }
        }
    }

    /// <summary>Resets every open connection (RST, not FIN).</summary>
    public void CutAll()
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
            var number = Interlocked.Increment(ref _connections);
            var now = Stopwatch.GetTimestamp();
            lock (_gaps)
            {
                if (_lastRejectedAt >= 0)
                {
                    _gaps.Add((_lastRejectedAt, now));
                    _lastRejectedAt = -1;
                }
            }
            if (RejectEvery > 0 && number % RejectEvery == 0)
            {
                _ = RejectAsync(client);
                continue;
            }
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
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
            _ = SocketPump.PumpAsync(client, server, _stop.Token);
            _ = SocketPump.PumpAsync(server, client, _stop.Token);
        }
    }

    /// <summary>Reads one whole request (headers, then Content-Length bytes of body, so that closing does not
    /// reset the connection under the answer), answers 503 with Retry-After and closes.</summary>
    private async Task RejectAsync(Socket client)
    {
        try
        {
            var received = new List<byte>();
            var buffer = new byte[16 * 1024];
            int headerEnd;
            while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
            {
                var read = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    SocketPump.Abort(client);
                    return;
                }
                received.AddRange(buffer.AsSpan(0, read));
            }
            var headers = Encoding.ASCII.GetString([.. received.Take(headerEnd)]);
            var length = headers.Split("\r\n")
                .Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(h => int.Parse(h["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
                .FirstOrDefault();
            var body = received.Count - (headerEnd + 4);
            while (body < length)
            {
                var read = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    break;
                }
                body += read;
            }
            var answer = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 503 Service Unavailable\r\nRetry-After: {RetryAfterSeconds}\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\noverload\n");
            await client.SendAsync(answer, SocketFlags.None, _stop.Token);
            lock (_gaps)
            {
                Rejected++;
                _lastRejectedAt = Stopwatch.GetTimestamp();
            }
            client.Shutdown(SocketShutdown.Both);
            client.Close();
        }
        catch (Exception)
        {
            SocketPump.Abort(client);
        }
    }

    private static int IndexOfHeaderEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }
        return -1;
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
