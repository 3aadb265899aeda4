using System.Diagnostics;
using System.Text;

namespace TelemetryGateway.Bluetooth.Tests.Infrastructure;

/// <summary>
/// A Debian python3 script (python3-dbus) run as an independent D-Bus peer: started with the bus address,
/// ready once it prints "READY", killed on dispose. Its stderr is kept for failure messages.
/// </summary>
public sealed class PythonPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private PythonPeer(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Runs <paramref name="scriptPath"/> with <paramref name="arguments"/> and waits for its READY line.</summary>
    public static async Task<PythonPeer> StartAsync(string scriptPath, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        // Debian's interpreter: python3-dbus and python3-gi live there, not in a pyenv.
        var start = new ProcessStartInfo("/usr/bin/python3", ["-u", scriptPath, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        var peer = new PythonPeer(process);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(cts.Token);
                if (line is null)
                {
                    await process.WaitForExitAsync(cts.Token);
                    throw new InvalidOperationException($"{Path.GetFileName(scriptPath)} exited ({process.ExitCode}) before READY: {peer.Stderr}");
                }

                if (line.StartsWith("READY", StringComparison.Ordinal))
                {
                    return peer;
                }
            }
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
