using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace TelemetryGateway.Spine.Tests.Infrastructure;

/// <summary>`tgsim monitor` as its own process; its last stdout line counts what the broker acknowledged.</summary>
public sealed class MonitorSimProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private MonitorSimProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string TgSimPath { get; } = Path.Combine(AppContext.BaseDirectory, "tgsim.dll");

    public static MonitorSimProcess Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(TgSimPath);
        info.ArgumentList.Add("monitor");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return new MonitorSimProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start tgsim"));
    }

    /// <summary>Waits for the monitor to finish and returns the acknowledged messages per stream.</summary>
    public async Task<IReadOnlyDictionary<string, long>> WaitForCountsAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        _process.WaitForExit(); // drains the redirected output
        string output, error;
        lock (_output)
        {
            output = _output.ToString();
        }
        lock (_error)
        {
            error = _error.ToString();
        }
        Assert.True(_process.ExitCode == 0, $"tgsim monitor exited {_process.ExitCode}: {error}");
        var summary = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        Assert.True(summary.GetProperty("failed").GetInt64() == 0, $"tgsim monitor: publications failed: {output}\n{error}");
        return summary.GetProperty("published").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }
}
