using System.Diagnostics;
using System.Text;

namespace TelemetryGateway.Serial.Tests.Infrastructure;

/// <summary>
/// `tg` or `tgsim` (copied beside the tests by the project references) as a separate process: output kept for
/// failure messages, SIGKILL on demand (a power cut: no shutdown code runs), killed on dispose.
/// </summary>
public sealed class ToolProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ToolProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>`dotnet tool.dll arguments…`; Information-level logs so a failing test shows what happened.</summary>
    public static ToolProcess Start(string tool, params string[] arguments)
    {
        var path = Path.Combine(AppContext.BaseDirectory, tool + ".dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{tool}.dll is not beside the tests ({path}); the project references should copy it.");
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["Logging__LogLevel__Default"] = "Information";
        info.Environment["Logging__LogLevel__Microsoft"] = "Warning";
        return new ToolProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}"));
    }

    /// <summary>Waits until a line of output contains <paramref name="text"/> at least <paramref name="times"/> times.</summary>
    public async Task WaitForOutputAsync(string text, int times = 1, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (Count(text) < times)
        {
            Assert.True(DateTime.UtcNow < until, $"'{text}' did not appear {times} times; output:\n{Output}");
            Assert.False(HasExited, $"the process exited while waiting for '{text}':\n{Output}");
            await Task.Delay(50);
        }
    }

    public int Count(string text)
    {
        var output = Output;
        var count = 0;
        for (var at = output.IndexOf(text, StringComparison.Ordinal); at >= 0; at = output.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>SIGKILL the process and wait for it.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 400_000)
            {
                _output.AppendLine(line);
            }
        }
    }
}
