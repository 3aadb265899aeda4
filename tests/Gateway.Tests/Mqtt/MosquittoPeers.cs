using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using TelemetryGateway.Gateway.Tests.Infrastructure;

namespace TelemetryGateway.Gateway.Tests.Mqtt;

/// <summary>mosquitto_pub as the publishing monitor (Debian mosquitto-clients), run to completion.</summary>
internal static class MosquittoPub
{
    /// <summary>Publishes one message from a file (binary-safe) and returns mosquitto_pub's exit code and stderr.</summary>
    public static async Task<(int ExitCode, string Error)> PublishAsync(
        int port, string topic, byte[] payload, int qos = 1, string? user = null, string? password = null, string version = "mqttv311")
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, payload);
            List<string> args = ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", topic,
                "-q", qos.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", file, "-V", version, "-i", $"pub-{Guid.NewGuid():N}"[..20]];
            if (user is not null)
            {
                args.AddRange(["-u", user]);
            }
            if (password is not null)
            {
                args.AddRange(["-P", password]);
            }
            return await RunAsync("mosquitto_pub", args);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Publishes and fails the test unless mosquitto_pub exits 0 (for QoS 1: PUBACK received).</summary>
    public static async Task PublishOkAsync(int port, string topic, byte[] payload, int qos = 1)
    {
        var (code, error) = await PublishAsync(port, topic, payload, qos);
        Assert.True(code == 0, $"mosquitto_pub to {topic} exited {code}: {error}");
    }

    public static async Task<(int ExitCode, string Error)> RunAsync(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(GatewayFixture.Timeout);
        return (process.ExitCode, (await error) + (await output));
    }
}

/// <summary>A mosquitto broker on a random loopback port with a private configuration, stopped on dispose.</summary>
internal sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();

    private MosquittoBroker(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<MosquittoBroker> StartAsync(string extraConfiguration = "allow_anonymous true\n")
    {
        var directory = Directory.CreateTempSubdirectory("mosquitto-").FullName;
        var port = TestHub.FreePort();
        var config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"listener {port} 127.0.0.1\npersistence false\nlog_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\n{extraConfiguration}");
        var start = new ProcessStartInfo("mosquitto") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        var broker = new MosquittoBroker(process, directory, port);
        process.ErrorDataReceived += (_, e) => broker.Append(e.Data);
        process.OutputDataReceived += (_, e) => broker.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with {process.ExitCode}: {broker.Log}");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return broker;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
