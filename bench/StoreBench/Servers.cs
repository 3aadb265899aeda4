using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TelemetryGateway.Bench.Store;

/// <summary>influxd 1.x or victoria-metrics started for the bench on free loopback ports and a temporary directory.</summary>
internal sealed class Server : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Process _process;
    private readonly string _directory;

    private Server(Process process, string directory, Uri url, string kind)
    {
        _process = process;
        _directory = directory;
        Url = url;
        Kind = kind;
    }

    public Uri Url { get; }

    public string Kind { get; }

    public int Pid => _process.Id;

    public static async Task<Server> StartAsync(string kind)
    {
        var directory = Directory.CreateTempSubdirectory($"store-bench-{kind}-").FullName;
        var port = FreePort();
        ProcessStartInfo info;
        string health;
        if (kind == "influxdb")
        {
            var config = Path.Combine(directory, "influxd.conf");
            await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
                reporting-disabled = true
                bind-address = "127.0.0.1:{FreePort()}"
                [meta]
                  dir = "{directory}/meta"
                [data]
                  dir = "{directory}/data"
                  wal-dir = "{directory}/wal"
                  query-log-enabled = false
                [http]
                  bind-address = "127.0.0.1:{port}"
                  log-enabled = false
                  max-row-limit = 0
                [monitor]
                  store-enabled = false
                [continuous_queries]
                  enabled = false
                """));
            info = new ProcessStartInfo("influxd") { ArgumentList = { "-config", config } };
            health = "ping";
        }
        else
        {
            info = new ProcessStartInfo("victoria-metrics")
            {
                ArgumentList =
                {
                    $"-httpListenAddr=127.0.0.1:{port}", $"-storageDataPath={directory}/data", "-retentionPeriod=100y",
                    "-dedup.minScrapeInterval=1ms", "-loggerLevel=ERROR",
                },
            };
            health = "health";
        }
        info.RedirectStandardError = true;
        info.RedirectStandardOutput = true;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{kind} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var response = await Probe.GetAsync(new Uri(url, health));
                if (response.IsSuccessStatusCode)
                {
                    return new Server(process, directory, url, kind);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        process.Kill();
        throw new TimeoutException($"{kind} did not answer /{health}");
    }

    /// <summary>CPU seconds (user + system) the server used so far, from /proc.</summary>
    public double CpuSeconds() => ProcCpu.Seconds(_process.Id);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>CPU time of a process from /proc/PID/stat (utime + stime, in clock ticks of 1/100 s).</summary>
internal static class ProcCpu
{
    public static double Seconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
