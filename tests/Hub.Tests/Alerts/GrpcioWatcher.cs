using System.Diagnostics;
using System.Text;
using System.Text.Json;
using TelemetryGateway.Hub.Tests.Infrastructure;

namespace TelemetryGateway.Hub.Tests.Alerts;

/// <summary>Peer/watch_alerts.py on Debian's python3-grpcio: an independent WatchAlerts client. Start it, wait
/// until it is subscribed, make the live changes, then read the events it printed (it exits after --count).</summary>
internal sealed class GrpcioWatcher : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly Task<string> _stderr;
    private readonly CancellationTokenSource _hang = new(Hang);

    private GrpcioWatcher(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    private static string Located(string relative)
    {
        var path = Path.Combine(AppContext.BaseDirectory, relative);
        Assert.True(File.Exists(path), $"{path} is missing from the test output");
        return path;
    }

    /// <summary>Starts the script with <paramref name="filter"/> (e.g. "--clinic=clinic-a") and returns once the
    /// hub has sent the response headers, i.e. the watch is subscribed.</summary>
    public static async Task<GrpcioWatcher> SubscribeAsync(TestHub hub, int count, params string[] filter)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in (string[])[
            Located(Path.Combine("Peer", "watch_alerts.py")),
            $"--target=127.0.0.1:{hub.Host.GrpcAddress.Port}",
            "--protos_dir=" + Path.GetDirectoryName(Located(Path.Combine("Protos", "alerts.proto"))),
            .. filter, $"--count={count}", "--timeout=20", "--token=" + TestHub.AdminToken])
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("http_proxy");
        start.Environment.Remove("https_proxy");
        start.Environment["no_grpc_proxy"] = "*";
        var watcher = new GrpcioWatcher(Process.Start(start) ?? throw new InvalidOperationException("python3 did not start"));
        string? first;
        try
        {
            first = await watcher._process.StandardOutput.ReadLineAsync(watcher._hang.Token);
        }
        catch (OperationCanceledException)
        {
            watcher.Dispose();
            throw new TimeoutException($"watch_alerts.py did not subscribe within {Hang.TotalSeconds:0} s:\n{await watcher._stderr}");
        }
        if (first != "SUBSCRIBED")
        {
            // Not in an Assert message: an interpolated "await stderr" would wait for the script to exit even on success.
            watcher.Dispose();
            Assert.Fail($"watch_alerts.py: {first}\n{await watcher._stderr}");
        }
        return watcher;
    }

    /// <summary>Every event the script printed, once it exited after its --count (exit code 0 asserted).</summary>
    public async Task<List<JsonElement>> EventsAsync()
    {
        var lines = new List<string>();
        try
        {
            while (await _process.StandardOutput.ReadLineAsync(_hang.Token) is { } line)
            {
                lines.Add(line);
            }
            await _process.WaitForExitAsync(_hang.Token);
        }
        catch (OperationCanceledException)
        {
            Dispose();
            throw new TimeoutException($"watch_alerts.py got {lines.Count} events within {Hang.TotalSeconds:0} s:\n{string.Join('\n', lines)}\n{await _stderr}");
        }
        if (_process.ExitCode != 0)
        {
            Assert.Fail($"watch_alerts.py exited {_process.ExitCode}: {await _stderr}\n{string.Join('\n', lines)}");
        }
        return [.. lines.Select(l => JsonDocument.Parse(l).RootElement)];
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        _hang.Dispose();
    }
}
