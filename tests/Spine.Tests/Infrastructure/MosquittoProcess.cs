using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace TelemetryGateway.Spine.Tests.Infrastructure;

/// <summary>
/// mosquitto (Debian) on a random loopback port with persistence in a private directory, restartable on the
/// same port: a graceful stop (SIGTERM) writes the persistent sessions and their queued QoS 1 messages to
/// disk, and the next start reads them back, as a broker restart in the field does.
/// </summary>
public sealed class MosquittoProcess : IAsyncDisposable
{
    private readonly string _directory;
    private readonly StringBuilder _log = new();
    private Process? _process;

    private MosquittoProcess(string directory, int port)
    {
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

    public static async Task<MosquittoProcess> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("tg-mosquitto-").FullName;
        var port = TelemetryGateway.Tests.Shared.LoopbackPorts.Pick();
        await File.WriteAllTextAsync(Path.Combine(directory, "mosquitto.conf"),
            // Started as root, mosquitto drops to user "mosquitto", which cannot write the private folder: its
            // persistence file would silently not be saved and a restart would forget every session.
            $"user {Environment.UserName}\n" +
            $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location {directory}/\n" +
            "max_queued_messages 0\nlog_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\nlog_type information\n");
        var broker = new MosquittoProcess(directory, port);
        await broker.RestartAsync();
        return broker;
    }

    /// <summary>Starts mosquitto (again) and waits until it accepts connections.</summary>
    public async Task RestartAsync()
    {
        var start = new ProcessStartInfo("mosquitto") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Path.Combine(_directory, "mosquitto.conf"));
        var process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            Assert.False(process.HasExited, $"mosquitto exited with {(process.HasExited ? process.ExitCode : 0)}: {Log}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>SIGTERM and wait: mosquitto saves its persistence file on the way out.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill!.WaitForExitAsync();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                // A restart test means nothing if the sessions were not saved.
                Assert.DoesNotContain("Error saving", Log, StringComparison.Ordinal);
            }
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
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
