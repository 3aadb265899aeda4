using System.Diagnostics;
using System.Text;

namespace TelemetryGateway.Mqtt.Tests.Infrastructure;

/// <summary>
/// A child process whose stdout and stderr lines are collected as they arrive, so tests can
/// wait for a line (a sync point) instead of sleeping. Disposing kills it if still running.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly StringBuilder _stderr = new();
    private readonly Task _drain;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PeerProcess(Process process)
    {
        _process = process;
        _drain = Task.WhenAll(DrainAsync(process.StandardOutput, isStdout: true), DrainAsync(process.StandardError, isStdout: false));
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>For tools that read their input (mosquitto_pub -l).</summary>
    public StreamWriter StandardInput => _process.StandardInput;

    public static PeerProcess Start(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        return new PeerProcess(process);
    }

    /// <summary>Stdout lines so far.</summary>
    public IReadOnlyList<string> StdoutLines
    {
        get
        {
            lock (_stdout)
            {
                return [.. _stdout];
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stdout)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Everything captured, for assertion messages.</summary>
    public string Transcript => $"--- stdout ---\n{string.Join('\n', StdoutLines)}\n--- stderr ---\n{Stderr}";

    /// <summary>Waits until <paramref name="condition"/> holds for the stdout lines (and stderr text).</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<string>, string, bool> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_stdout)
            {
                if (condition(_stdout, _stderr.ToString()))
                {
                    return;
                }

                changed = _changed.Task;
            }

            if (_process.HasExited && _drain.IsCompleted)
            {
                lock (_stdout)
                {
                    if (condition(_stdout, _stderr.ToString()))
                    {
                        return;
                    }
                }

                throw new InvalidOperationException($"process exited with {_process.ExitCode} before: {what}\n{Transcript}");
            }

            try
            {
                await changed.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out after {timeout} waiting for: {what}\n{Transcript}");
            }
        }
    }

    public Task WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, string what) =>
        WaitUntilAsync((lines, _) => lines.Any(predicate), timeout, what);

    /// <summary>Waits for exit; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"process {_process.StartInfo.FileName} did not exit within {timeout}\n{Transcript}");
        }

        await _drain;
        return _process.ExitCode;
    }

    /// <summary>SIGTERM: lets mosquitto save its persistence file.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        try
        {
            await WaitForExitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
        }

        await _process.WaitForExitAsync();
        await _drain;
        _process.Dispose();
    }

    private async Task DrainAsync(StreamReader reader, bool isStdout)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_stdout)
            {
                if (isStdout)
                {
                    _stdout.Add(line);
                }
                else
                {
                    _stderr.AppendLine(line);
                }

                var changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                changed.TrySetResult();
            }
        }
    }
}
