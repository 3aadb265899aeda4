using System.Diagnostics;

namespace TelemetryGateway.FirmwareSim;

/// <summary>
/// A private dbus-daemon (session-bus rules, EXTERNAL auth) on a unix socket in <c>directory</c>, for the BlueZ
/// simulator to serve org.bluez on. Also compiled into bench/BleSyncBench, which runs the simulator the same way.
/// </summary>
internal static class PrivateBus
{
    /// <summary>Starts the daemon and returns it with the address it printed.</summary>
    /// <exception cref="InvalidOperationException">dbus-daemon did not start or printed no address.</exception>
    public static async Task<(Process Daemon, string Address)> StartAsync(string directory, CancellationToken ct)
    {
        var config = Path.Combine(directory, "bus.conf");
        await File.WriteAllTextAsync(config, $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>session</type>
              <listen>unix:path={Path.Combine(directory, "bus")}</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow send_destination="*" eavesdrop="true"/>
                <allow eavesdrop="true"/>
                <allow own="*"/>
              </policy>
            </busconfig>
            """, ct);
        var daemon = Process.Start(new ProcessStartInfo("dbus-daemon", ["--config-file=" + config, "--nofork", "--print-address"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start dbus-daemon");
        var address = await daemon.StandardOutput.ReadLineAsync(ct);
        if (string.IsNullOrWhiteSpace(address))
        {
            daemon.Kill();
            daemon.Dispose();
            throw new InvalidOperationException("dbus-daemon printed no address");
        }

        return (daemon, address.Trim());
    }
}
