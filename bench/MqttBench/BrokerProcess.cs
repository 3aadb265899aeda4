using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TelemetryGateway.Bench.Mqtt;

/// <summary>A broker in its own process: mosquitto, or ours (this program in broker mode).</summary>
internal sealed class BrokerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BrokerProcess(string name, Process process, int port)
    {
        Name = name;
        _process = process;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>CPU time the broker process used so far (user + system).</summary>
    public TimeSpan CpuTime => FloodCpu.Of(_process);

    /// <param name="noDelay">mosquitto's <c>set_tcp_nodelay</c>: true like our broker; mosquitto's default is false (Nagle).</param>
    public static async Task<BrokerProcess> StartMosquittoAsync(string directory, bool noDelay = true)
    {
        var port = FreePort();
        var config = Path.Combine(directory, "mosquitto.conf");
        // Same limits as ours: 100 in flight, a large queue, anonymous.
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture,
            $"listener {port} 127.0.0.1\nallow_anonymous true\nmax_inflight_messages 100\nmax_queued_messages 1000000\nset_tcp_nodelay {(noDelay ? "true" : "false")}\npersistence false\nlog_type error\n"));
        var process = Process.Start(new ProcessStartInfo("/usr/sbin/mosquitto", ["-c", config]) { RedirectStandardError = true })!;
        await WaitForPortAsync(port);
        return new BrokerProcess("mosquitto", process, port);
    }

    public static async Task<BrokerProcess> StartOursAsync()
    {
        var port = FreePort();
        var self = Environment.ProcessPath!;
        var start = self.EndsWith("dotnet", StringComparison.Ordinal)
            ? new ProcessStartInfo(self, [typeof(BrokerProcess).Assembly.Location, "broker", $"--port={port}"])
            : new ProcessStartInfo(self, ["broker", $"--port={port}"]);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        var process = Process.Start(start)!;
        var ready = await process.StandardOutput.ReadLineAsync();
        if (ready is null || !ready.StartsWith("ready", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("our broker process did not start");
        }

        return new BrokerProcess("ours", process, port);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            if (_process.StartInfo.RedirectStandardInput)
            {
                _process.StandardInput.Close();
            }
            else
            {
                _process.Kill();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"mosquitto did not listen on {port}");
    }
}
