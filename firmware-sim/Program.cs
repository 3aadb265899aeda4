using TelemetryGateway.FirmwareSim;

// tgsim: device simulators for tests and demos. Each speaks its real protocol to the gateway.
var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

const string usage = """
    usage: tgsim <simulator> [flags]
      monitor   ambulance patient monitor publishing over MQTT (JSON or HL7, vitals, ECG, position)
      meter     serial glucose meter speaking ASTM E1381/E1394 on a pseudo-terminal
      bp        Datascope Accutorr NIBP monitor's PC interface on a pseudo-terminal
      ble       BlueZ-shaped D-Bus object tree with a BP cuff and a glucose meter (python3-dbus)
    """;

if (args.Length == 0)
{
    Console.Error.WriteLine(usage);
    return 2;
}

try
{
    var rest = args.Skip(1).ToArray();
    return args[0] switch
    {
        "monitor" => await MonitorSimulator.RunAsync(rest, stop.Token),
        "meter" => await MeterSimulator.RunAsync(rest, stop.Token),
        "bp" => await AccutorrSimulator.RunAsync(rest, stop.Token),
        "ble" => await BleSimulator.RunAsync(rest, stop.Token),
        _ => throw new SimulatorUsageException($"unknown simulator '{args[0]}'"),
    };
}
catch (SimulatorUsageException ex)
{
    Console.Error.WriteLine($"tgsim: {ex.Message}");
    Console.Error.WriteLine(usage);
    return 2;
}
