using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Bluetooth.BlueZ;
using TelemetryGateway.Bluetooth.DBus.Connection;
using TelemetryGateway.Bluetooth.Sync;
using TelemetryGateway.Bluetooth.Tests.Infrastructure;

namespace TelemetryGateway.Bluetooth.Tests.Sync;

/// <summary>`tgsim ble` as a process: its own private bus, printed for Gateway:Ble:BusAddress, a meter to sync, stopped by SIGTERM.</summary>
public sealed class TgsimBleTests
{
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
