using System.Diagnostics;
using System.Globalization;

namespace TelemetryGateway.FirmwareSim;

/// <summary>
/// tgsim ble …: runs firmware-sim/Ble/bluez_sim.py (Debian python3-dbus, not this project's D-Bus code) as a
/// simulated bluetoothd with a glucose meter and a BP cuff. Without --bus it starts its own dbus-daemon on a
/// socket in a temporary directory and prints the address to point Gateway:Ble:BusAddress at.
/// </summary>
internal static class BleSimulator
{
    public const string Usage = """
        tgsim ble [--bus ADDRESS] [--records 50] [--bp-records 3] [--clock-offset-seconds N] [--clock-drift R]
                  [--now UNIX] [--record-interval-ms 2]
          --bus                   D-Bus address to serve org.bluez on; omitted: a private dbus-daemon is started
          --records               glucose records stored in the meter (sequence numbers 1..N)
          --bp-records            measurements stored in the cuff
          --clock-offset-seconds  device clock minus host clock (the gateway corrects for it and sets the meter's clock)
          --clock-drift           seconds the device clocks gain per host second (0.001 = 1000 ppm fast)
          --now                   host time (unix seconds) the stored records are dated from; default: start time
          --record-interval-ms    pause between two records of an RACP transfer (0: as fast as the bus takes them)
        """;

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var (bus, forwarded) = Parse(args);
        Process? daemon = null;
        string? directory = null;
        try
        {
            if (bus is null)
            {
                directory = Directory.CreateTempSubdirectory("tgsim-ble-").FullName;
                try
                {
                    (daemon, bus) = await PrivateBus.StartAsync(directory, ct);
                }
                catch (InvalidOperationException ex)
                {
                    throw new SimulatorUsageException("ble: " + ex.Message);
                }
                Console.WriteLine($"ble: private bus {bus}  (Gateway:Ble:BusAddress={bus})");
            }

            using var simulator = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-u", ScriptPath, "--bus", bus, .. forwarded])
            {
                UseShellExecute = false,
            }) ?? throw new SimulatorUsageException("ble: could not start /usr/bin/python3 (is python3-dbus installed?)");
            try
            {
                await simulator.WaitForExitAsync(ct);
                return simulator.ExitCode;
            }
            catch (OperationCanceledException)
            {
                simulator.Kill(entireProcessTree: true);
                await simulator.WaitForExitAsync(CancellationToken.None);
                return 0;
            }
        }
        finally
        {
            if (daemon is not null)
            {
                if (!daemon.HasExited)
                {
                    daemon.Kill();
                    await daemon.WaitForExitAsync(CancellationToken.None);
                }

                daemon.Dispose();
            }

            if (directory is not null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Next to tgsim (copied at build), else in the source tree above it.</summary>
    private static string ScriptPath
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(directory.FullName, "Ble", "bluez_sim.py"), Path.Combine(directory.FullName, "firmware-sim", "Ble", "bluez_sim.py") })
                {
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }

            throw new SimulatorUsageException("ble: bluez_sim.py not found next to tgsim");
        }
    }

    private static (string? Bus, List<string> Forwarded) Parse(string[] args)
    {
        string? bus = null;
        var forwarded = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var (name, value) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], i + 1 < args.Length ? args[++i] : null);
            if (value is null)
            {
                throw new SimulatorUsageException($"ble: {name} needs a value\n{Usage}");
            }

            switch (name)
            {
                case "--bus":
                    bus = value;
                    break;
                case "--records" or "--bp-records" or "--record-interval-ms" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _):
                case "--clock-offset-seconds" or "--clock-drift" or "--now" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _):
                    forwarded.AddRange([name, value]);
                    break;
                default:
                    throw new SimulatorUsageException($"ble: bad argument {name} {value}\n{Usage}");
            }
        }

        return (bus, forwarded);
    }
}
