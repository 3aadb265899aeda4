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
public sealed class FaultyHttpProxy(IPEndPoint target) : LoopbackProxy(target)
{
    private readonly List<(long Rejected, long NextConnection)> _gaps = [];
    private long _lastRejectedAt = -1;
    private int _connections;

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>Answer every n-th connection with 503 + Retry-After (0: never).</summary>
    public int RejectEvery { get; set; }

    public int RetryAfterSeconds { get; set; } = 1;

    public int Connections => Volatile.Read(ref _connections);

    public int Rejected { get; private set; }

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
    public void CutAll() => CutConnections();

    protected override bool Admit(Socket client)
    {
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
            return false;
        }
        return true;
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
                var read = await client.ReceiveAsync(buffer, SocketFlags.None, Stopping);
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
                var read = await client.ReceiveAsync(buffer, SocketFlags.None, Stopping);
                if (read == 0)
                {
                    break;
                }
                body += read;
            }
            var answer = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 503 Service Unavailable\r\nRetry-After: {RetryAfterSeconds}\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\noverload\n");
            await client.SendAsync(answer, SocketFlags.None, Stopping);
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
}
