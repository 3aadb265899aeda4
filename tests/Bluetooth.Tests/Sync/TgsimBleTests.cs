using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Bluetooth.BlueZ;
using TelemetryGateway.Bluetooth.DBus.Connection;
using TelemetryGateway.Bluetooth.DBus.Wire;
using TelemetryGateway.Bluetooth.Sync;
using TelemetryGateway.Bluetooth.Tests.Infrastructure;

namespace TelemetryGateway.Bluetooth.Tests.Sync;

/// <summary>`tgsim ble` as a process: its own private bus, printed for Gateway:Ble:BusAddress, a meter to sync, stopped by SIGTERM.</summary>
public sealed class TgsimBleTests
{
    [Fact]
    public void The_simulator_never_runs_on_the_gateways_own_DBus_code()
    {
        // tgsim and everything it references (beside the tests) leave TelemetryGateway.Bluetooth out ...
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(["tgsim"]);
        while (pending.TryDequeue(out var name))
        {
            var path = Path.Combine(AppContext.BaseDirectory, name + ".dll");
            if (!seen.Add(name) || !File.Exists(path))
            {
                continue; // framework assemblies live elsewhere
            }

            using var pe = new PEReader(File.OpenRead(path));
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetString(metadata.GetAssemblyReference(handle).Name);
                Assert.False(reference == "TelemetryGateway.Bluetooth", $"{name} references {reference}");
                pending.Enqueue(reference);
            }
        }

        Assert.Contains("TelemetryGateway.Core", seen);

        // ... and the simulated bluetoothd is a python3-dbus script.
        var script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ble", "bluez_sim.py"));
        Assert.Contains("\nimport dbus\n", script, StringComparison.Ordinal);
        Assert.DoesNotContain("TelemetryGateway", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tgsim_ble_serves_a_meter_on_a_private_bus_it_prints_and_stops_cleanly_on_SIGTERM()
    {
        var tgsim = Path.Combine(AppContext.BaseDirectory, "tgsim.dll");
        Assert.True(File.Exists(tgsim), $"tgsim.dll is not beside the tests ({tgsim})");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [tgsim, "ble", "--records", "7", "--bp-records", "0", "--clock-offset-seconds", "-600", "--clock-drift", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        try
        {
            // "ble: private bus unix:path=…,guid=…  (Gateway:Ble:BusAddress=…)"
            var line = await process.StandardOutput.ReadLineAsync(TestTimeout.Token());
            Assert.NotNull(line);
            Assert.StartsWith("ble: private bus unix:", line, StringComparison.Ordinal);
            var address = line["ble: private bus ".Length..line.IndexOf("  (", StringComparison.Ordinal)];
            Assert.Contains("Gateway:Ble:BusAddress=" + address, line, StringComparison.Ordinal);

            await using var bus = await DBusConnection.ConnectAsync(address, ct: TestTimeout.Token());
            var deadline = DateTime.UtcNow + TestTimeout.Default;
            while (await bus.GetNameOwnerAsync("org.bluez", TestTimeout.Token()) is null)
            {
                Assert.True(DateTime.UtcNow < deadline, "tgsim ble never owned org.bluez");
                await Task.Delay(50);
            }

            // org.bluez is served by Debian's python3 (python3-dbus), not by a process running our D-Bus code.
            var owner = await bus.CallAsync(DBusMessage.MethodCall(DBusConnection.BusName, DBusConnection.BusPath, DBusConnection.BusName,
                "GetConnectionUnixProcessID", "s", "org.bluez"), TestTimeout.Token());
            var executable = new FileInfo($"/proc/{owner.Arg<uint>()}/exe").ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? "";
            Assert.StartsWith("/usr/bin/python3", executable, StringComparison.Ordinal);

            await using var central = await BlueZCentral.OpenAsync(bus, "hci0", ct: TestTimeout.Token());
            await central.StartDiscoveryAsync(TestTimeout.Token());
            var info = await central.WaitForDeviceAsync(SimulatedBlueZ.MeterAddress, TestTimeout.Default, TestTimeout.Token());
            await central.StopDiscoveryAsync(TestTimeout.Token());
            await using (var meter = await central.ConnectAsync(info, TestTimeout.Default, TestTimeout.Token()))
            {
                var sink = new RecordingSink();
                var result = await new GlucoseSync(TimeProvider.System, NullLogger.Instance).RunAsync(meter, sink.Position, sink, TestTimeout.Token());
                Assert.Equal(7, result.Records);
                Assert.InRange(result.ClockOffset!.Value.TotalSeconds, 598, 602); // the meter runs ten minutes slow
            }

            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            await term.WaitForExitAsync();
            await process.WaitForExitAsync().Within();
            Assert.Equal(0, process.ExitCode);
            var directory = address["unix:path=".Length..address.IndexOf(',', StringComparison.Ordinal)];
            Assert.False(Directory.Exists(Path.GetDirectoryName(directory)), "tgsim left its private bus directory behind");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }
}
