using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using TelemetryGateway.Mqtt.Transport;

namespace TelemetryGateway.Mqtt.Tests.Transport;

/// <summary>The client's connector connects in blocking mode: its cancellation must still interrupt it.</summary>
public sealed class MqttTcpConnectorTests
{
    [Fact]
    public async Task A_connect_that_hangs_ends_with_the_cancellation()
    {
        // A listener that never accepts and whose queue is full drops further SYNs: a connect to it hangs.
        using var listener = Listen(out var port);
        var fillers = new List<Socket>();
        try
        {
            while (fillers.Count < 64)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
                try
                {
                    await filler.ConnectAsync(IPAddress.Loopback, port, wait.Token);
                }
                catch (OperationCanceledException)
                {
                    break; // this one hangs: the queue is full
                }
            }

            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                MqttTcpConnector.ConnectAsync("127.0.0.1", port, tls: null, cancel.Token).WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(cancel.Token, ex.CancellationToken);
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task A_tls_handshake_that_hangs_ends_with_the_cancellation()
    {
        // The server accepts the connection and never answers the ClientHello.
        using var listener = Listen(out var port);
        var accepting = listener.AcceptAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var tls = new MqttTlsOptions { TargetHost = "localhost", ServerCertificateValidation = (_, _, _, _) => true };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            MqttTcpConnector.ConnectAsync("127.0.0.1", port, tls, cancel.Token).WaitAsync(TimeSpan.FromSeconds(30)));
        using var server = await accepting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Closing_the_stream_ends_a_read_blocked_on_a_silent_peer()
    {
        using var listener = Listen(out var port);
        var accepting = listener.AcceptAsync();
        var transport = await MqttTcpConnector.ConnectAsync("127.0.0.1", port, tls: null, CancellationToken.None);
        using var server = await accepting.WaitAsync(TimeSpan.FromSeconds(30));
        var started = new TaskCompletionSource();
        var reading = Task.Factory.StartNew(() =>
        {
            started.SetResult();
            return transport.Stream.Read(new byte[1024]);
        }, TaskCreationOptions.LongRunning);
        await started.Task;
        await Task.Delay(100); // let the read block in the kernel

        await transport.Stream.DisposeAsync();

        // The abort path of a hung server (keepalive): the reading thread must come back, with an error or the end.
        var outcome = await Record.ExceptionAsync(() => reading.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(outcome is null or IOException or ObjectDisposedException, $"unexpected {outcome}");
    }

    [Fact]
    public async Task The_connected_socket_stays_blocking()
    {
        using var listener = Listen(out var port);
        var accepting = listener.AcceptAsync();
        var transport = await MqttTcpConnector.ConnectAsync("127.0.0.1", port, tls: null, CancellationToken.None);
        await using (transport.Stream)
        {
            using var server = await accepting.WaitAsync(TimeSpan.FromSeconds(30));
            await transport.Stream.WriteAsync("ping"u8.ToArray());
            var buffer = new byte[4];
            await server.ReceiveAsync(buffer);

            Assert.Equal("ping"u8.ToArray(), buffer);
            // The descriptor itself, not Socket.Blocking (which .NET keeps true while it runs the socket non-blocking).
            Assert.Equal(0, FileStatusFlags(transport.Socket) & NonBlocking);
            Assert.True(transport.Socket.NoDelay);
        }
    }

    /// <summary>A loopback listener with a queue of one, not accepting until the test does.</summary>
    private static Socket Listen(out int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        return listener;
    }

    private const int GetFileStatusFlags = 3; // F_GETFL
    private const int NonBlocking = 0x800; // O_NONBLOCK on Linux

    private static int FileStatusFlags(Socket socket)
    {
        var flags = Fcntl((int)socket.Handle, GetFileStatusFlags);
        Assert.True(flags >= 0, $"fcntl failed: {Marshal.GetLastPInvokeError()}");
        return flags;
    }

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(int descriptor, int command);
}
