using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TelemetryGateway.Storage.Tests.Influx;

/// <summary>A real server (influxd, victoria-metrics) run by a test: started on free loopback ports with a
/// temporary data directory, waited for on its health endpoint, killed and restarted at will, and removed
/// afterwards. A missing binary fails the test with the package to install: these tests never skip.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly string _binary;
    private readonly Func<ServerProcess, string[]> _arguments;
    private readonly string _healthPath;
    private readonly StringBuilder _log = new();
    private Process? _process;

    private ServerProcess(string binary, string directory, int port, Func<ServerProcess, string[]> arguments, string healthPath)
    {
        _binary = binary;
        Directory = directory;
        Port = port;
        _arguments = arguments;
        _healthPath = healthPath;
    }

    /// <summary>The temporary directory holding the server's configuration and data.</summary>
    public string Directory { get; }

    /// <summary>The HTTP port on 127.0.0.1.</summary>
    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>Output of the server so far, for failure messages.</summary>
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

    /// <summary>Finds <paramref name="binary"/> on PATH or fails with the package that provides it.</summary>
    public static string Require(string binary, string package)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var path = Path.Combine(dir, binary);
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new InvalidOperationException($"'{binary}' is not installed: these integration tests need the real server. Install it with `apt-get install -y {package}` (run-tests.sh does).");
    }

    /// <summary>A free TCP port on 127.0.0.1 (bound and released; the server binds it right after).</summary>
    public static int FreePort() => TelemetryGateway.Tests.Shared.LoopbackPorts.Pick();

    public static async Task<ServerProcess> StartAsync(string binary, string package, string name, Func<ServerProcess, string[]> arguments, string healthPath)
    {
        var path = Require(binary, package);
        for (var attempt = 1; ; attempt++)
        {
            var directory = System.IO.Directory.CreateTempSubdirectory(name + "-").FullName;
            var server = new ServerProcess(path, directory, FreePort(), arguments, healthPath);
            try
            {
                await server.StartAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 5 && server.Log.Contains("address already in use", StringComparison.Ordinal))
            {
                // Another test's server bound the port between our probe and this server's bind (tests start servers
                // in parallel): pick fresh ports. Any other failure still fails the test.
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Starts the server (again, on the same port and data) and waits until its health endpoint answers.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(_binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in _arguments(this))
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{_binary} did not start.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{_binary} exited with {process.ExitCode} before it was ready:\n{Log}");
            }
            try
            {
                using var response = await Probe.GetAsync(new Uri(Url, _healthPath));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // not answering yet
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{_binary} did not answer {_healthPath} on port {Port} within 60 s:\n{Log}");
    }

    /// <summary>Kills the server (SIGKILL: no chance to flush) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // left to the temp cleaner
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            if (_log.Length < 200_000)
            {
                _log.AppendLine(line);
            }
        }
    }
}
