using System.Diagnostics;
using System.Globalization;

namespace TelemetryGateway.Bench.BleSync;

/// <summary>A private dbus-daemon and the BlueZ simulator on it; the python baseline client runs against them.</summary>
internal sealed class Peers : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Process _daemon;
    private readonly Process _simulator;

    private Peers(string directory, Process daemon, Process simulator, string busAddress)
    {
        _directory = directory;
        _daemon = daemon;
        _simulator = simulator;
        BusAddress = busAddress;
    }

    public string BusAddress { get; }

    public static async Task<Peers> StartAsync(int records, int intervalMs)
    {
        var directory = Directory.CreateTempSubdirectory("ble-sync-bench-").FullName;
        var (daemon, address) = await TelemetryGateway.FirmwareSim.PrivateBus.StartAsync(directory, CancellationToken.None);
        var simulator = Process.Start(new ProcessStartInfo("/usr/bin/python3",
        [
            "-u", Find("firmware-sim/Ble/bluez_sim.py"), "--bus", address, "--records", records.ToString(CultureInfo.InvariantCulture),
            "--bp-records", "0", "--record-interval-ms", intervalMs.ToString(CultureInfo.InvariantCulture),
        ]) { RedirectStandardOutput = true }) ?? throw new InvalidOperationException("the simulator did not start");
        while (await simulator.StandardOutput.ReadLineAsync() is { } line && !line.StartsWith("READY", StringComparison.Ordinal))
        {
        }

        return new Peers(directory, daemon, simulator, address);
    }

    /// <summary>Runs racp_client.py once: records counted and seconds from StartNotify to the RACP response.</summary>
    public async Task<(int Records, double Seconds)> RunBaselineAsync(string device)
    {
        using var client = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-u", Path.Combine(AppContext.BaseDirectory, "racp_client.py"), BusAddress, device])
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("racp_client.py did not start");
        var output = await client.StandardOutput.ReadToEndAsync();
        await client.WaitForExitAsync();
        var parts = output.Trim().Split(' ');
        if (client.ExitCode != 0 || parts.Length != 2)
        {
            throw new InvalidOperationException($"racp_client.py failed ({client.ExitCode}): {output}");
        }

        return (int.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { _simulator, _daemon })
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static string Find(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(relative + " not found above " + AppContext.BaseDirectory);
    }
}
