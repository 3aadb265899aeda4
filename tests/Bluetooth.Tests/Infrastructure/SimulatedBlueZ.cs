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

    /// <summary>A neighbour's glucose meter the simulator also advertises; on no allow-list.</summary>
    public const string StrangerAddress = "C0:26:DA:00:00:09";

    private readonly string[] _arguments;
    private DBusConnection? _control;

    private SimulatedBlueZ(DBusDaemon bus, PythonPeer simulator, string[] arguments, DateTimeOffset recordsDatedFrom)
    {
        Bus = bus;
        Simulator = simulator;
        _arguments = arguments;
        RecordsDatedFrom = recordsDatedFrom;
    }

    /// <summary>The host instant the stored records are dated from: record n of N was measured (N + 1 - n) × 30 min before it (BP: hours).</summary>
    public DateTimeOffset RecordsDatedFrom { get; }

    public DBusDaemon Bus { get; }

    /// <summary>The running simulator process (replaced by <see cref="RestartAsync"/>).</summary>
    public PythonPeer Simulator { get; private set; }

    public string Address => Bus.Address;

    /// <param name="recordIntervalMs">Pause between two records of a transfer (the simulator's default is 2 ms).</param>
    public static async Task<SimulatedBlueZ> StartAsync(int records = 50, int bpRecords = 3, double clockOffsetSeconds = 0, double clockDrift = 0, int recordIntervalMs = 2)
    {
        var bus = await DBusDaemon.StartAsync();
        try
        {
            static string Text(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            string[] arguments = [
                "--bus", bus.Address,
                "--records", Text(records),
                "--bp-records", Text(bpRecords),
                "--clock-offset-seconds", Text(clockOffsetSeconds),
                "--clock-drift", Text(clockDrift),
                "--record-interval-ms", Text(recordIntervalMs),
                // Records are dated from this instant, so a restarted simulator holds the very same records.
                "--now", Text(now.ToUnixTimeSeconds()),
            ];
            var simulator = await PythonPeer.StartAsync(ScriptPath, arguments);
            return new SimulatedBlueZ(bus, simulator, arguments, now);
        }
        catch
        {
            await bus.DisposeAsync();
            throw;
        }
    }

    /// <summary>bluetoothd restarting: the simulator process is killed (if still running) and started again on the same bus with the same stored records.</summary>
    public async Task RestartAsync()
    {
        await Simulator.DisposeAsync();
        if (_control is not null)
        {
            await _control.DisposeAsync();
            _control = null;
        }

        Simulator = await PythonPeer.StartAsync(ScriptPath, _arguments);
    }

    /// <summary>Waits for the simulator process to exit by itself (CrashAfterRecords).</summary>
    public async Task WaitForCrashAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!Simulator.HasExited)
        {
            Assert.True(DateTime.UtcNow < deadline, "the simulated bluetoothd did not crash");
            await Task.Delay(20);
        }
    }

    /// <summary>Polls the simulator's state until <paramref name="done"/> holds (fails after 60 s).</summary>
    public async Task<PropertyMap> WaitForStateAsync(Func<PropertyMap, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var state = await StateAsync();
            if (done(state))
            {
                return state;
            }

            Assert.True(DateTime.UtcNow < deadline, "the simulator never got to: " + what);
            await Task.Delay(20);
        }
    }

    public async Task<string[]> RacpRequestsAsync() => [.. ((object[])(await StateAsync())["RacpRequests"].Value).Cast<string>()];

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
