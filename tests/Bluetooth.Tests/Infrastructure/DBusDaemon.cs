using System.Diagnostics;

namespace TelemetryGateway.Bluetooth.Tests.Infrastructure;

/// <summary>
/// A private dbus-daemon on a unix socket in a temporary directory (session-bus rules, EXTERNAL auth),
/// started with --nofork --print-address and killed on dispose.
/// </summary>
public sealed class DBusDaemon : IAsyncDisposable
{
    private readonly Process _process;

    private DBusDaemon(Process process, string directory, string address)
    {
        _process = process;
        Directory = directory;
        Address = address;
    }

    /// <summary>The bus address as the daemon printed it (unix:path=…,guid=…).</summary>
    public string Address { get; }

    public string Directory { get; }

    /// <param name="listen">The listen address; a unix:path in the temporary directory by default.</param>
    public static async Task<DBusDaemon> StartAsync(string? listen = null, int maxMessageBytes = 128 * 1024 * 1024)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("tg-dbus-").FullName;
        var socket = Path.Combine(directory, "bus");
        var config = Path.Combine(directory, "bus.conf");
        await File.WriteAllTextAsync(config, $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>session</type>
              <listen>{listen ?? "unix:path=" + socket}</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow send_destination="*" eavesdrop="true"/>
                <allow eavesdrop="true"/>
                <allow own="*"/>
              </policy>
              <limit name="max_message_size">{maxMessageBytes}</limit>
              <limit name="max_incoming_bytes">{4 * maxMessageBytes}</limit>
              <limit name="max_outgoing_bytes">{4 * maxMessageBytes}</limit>
            </busconfig>
            """);
        var start = new ProcessStartInfo("dbus-daemon", ["--config-file=" + config, "--nofork", "--print-address"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dbus-daemon did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (string.IsNullOrWhiteSpace(line))
        {
            var error = await process.StandardError.ReadToEndAsync(timeout.Token);
            throw new InvalidOperationException($"dbus-daemon printed no address: {error}");
        }

        return new DBusDaemon(process, directory, line.Trim());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A socket file still held open; the temp directory is cleaned by the system.
        }
    }
}
