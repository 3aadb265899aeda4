using TelemetryGateway.Bluetooth.DBus.Connection;
using TelemetryGateway.Bluetooth.DBus.Wire;

namespace TelemetryGateway.Bluetooth.Tests.Infrastructure;

/// <summary>
/// firmware-sim/Ble/bluez_sim.py (python3-dbus) on a private dbus-daemon: a BlueZ object tree with a glucose
/// meter and a BP cuff. <see cref="Control"/> drives it through its org.tgsim.Control test interface.
/// </summary>
public sealed class SimulatedBlueZ : IAsyncDisposable
{
    public const string MeterAddress = "C0:26:DA:00:00:01";
    public const string CuffAddress = "C0:26:DA:00:00:02";

    private DBusConnection? _control;

    private SimulatedBlueZ(DBusDaemon bus, PythonPeer simulator)
    {
        Bus = bus;
        Simulator = simulator;
    }

    public DBusDaemon Bus { get; }

    public PythonPeer Simulator { get; }

    public string Address => Bus.Address;

    public static async Task<SimulatedBlueZ> StartAsync(int records = 50, int bpRecords = 3, double clockOffsetSeconds = 0)
    {
        var bus = await DBusDaemon.StartAsync();
        try
        {
            var simulator = await PythonPeer.StartAsync(ScriptPath, [
                "--bus", bus.Address,
                "--records", records.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bp-records", bpRecords.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--clock-offset-seconds", clockOffsetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ]);
            return new SimulatedBlueZ(bus, simulator);
        }
        catch
        {
            await bus.DisposeAsync();
            throw;
        }
    }

    /// <summary>The simulator script in the repository (tests run from tests/Bluetooth.Tests/bin/…).</summary>
    public static string ScriptPath
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "firmware-sim", "Ble", "bluez_sim.py");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException("firmware-sim/Ble/bluez_sim.py not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Calls org.tgsim.Control.<paramref name="member"/> on the simulator.</summary>
    public async Task<DBusMessage> ControlAsync(string member, string signature = "", params object[] body)
    {
        _control ??= await DBusConnection.ConnectAsync(Address, ct: TestTimeout.Token());
        return await _control.CallAsync(DBusMessage.MethodCall("org.bluez", "/org/tgsim", "org.tgsim.Control", member, signature, body), TestTimeout.Token());
    }

    public async Task<PropertyMap> StateAsync() => PropertyMap.From((await ControlAsync("GetState")).Body[0]);

    public async ValueTask DisposeAsync()
    {
        if (_control is not null)
        {
            await _control.DisposeAsync();
        }

        await Simulator.DisposeAsync();
        await Bus.DisposeAsync();
    }
}
