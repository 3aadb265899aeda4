using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Bench.BleSync;
using TelemetryGateway.Bluetooth.BlueZ;
using TelemetryGateway.Bluetooth.DBus.Connection;
using TelemetryGateway.Bluetooth.Sync;

// ble-sync-bench: records/s of a full glucose sync (GlucoseSync over BlueZCentral over our D-Bus client)
// from the simulated meter (firmware-sim/Ble/bluez_sim.py on a private dbus-daemon), against a baseline
// measured in the same run: the same transfer through python3-dbus (libdbus), counting records without
// decoding them (racp_client.py). Both are bounded by the simulator, a python process; the ratio is what
// our client, decoders and sync add on top.
// Usage: ble-sync-bench [--rounds=5] [--records=1000] [--interval-ms=0]
var flags = args.Select(a => a.TrimStart('-').Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "true");
int Flag(string name, int fallback) => int.Parse(flags.GetValueOrDefault(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var rounds = Flag("rounds", 5);
var records = Flag("records", 1000);
var interval = Flag("interval-ms", 0);
const string Meter = "C0:26:DA:00:00:01";

await using var peers = await Peers.StartAsync(records, interval);
await using var bus = await DBusConnection.ConnectAsync(peers.BusAddress);
await using var central = await BlueZCentral.OpenAsync(bus, "hci0");
await central.StartDiscoveryAsync(CancellationToken.None);
var device = await central.WaitForDeviceAsync(Meter, TimeSpan.FromSeconds(30), CancellationToken.None);
await central.StopDiscoveryAsync(CancellationToken.None);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{records}-record meter, {interval} ms between records at the simulator, {rounds} rounds after a warm-up round; load average {LoadAverage()}"));

async Task<double> OursAsync()
{
    await using var meter = await central.ConnectAsync(device, TimeSpan.FromSeconds(30), CancellationToken.None);
    var sink = new CountingSink();
    var watch = Stopwatch.StartNew();
    var result = await new GlucoseSync(TimeProvider.System, NullLogger.Instance).RunAsync(meter, RecordCursor.None, sink, CancellationToken.None);
    watch.Stop();
    Check(result.Records, records, "ours");
    return result.Records / watch.Elapsed.TotalSeconds;
}

async Task<double> BaselineAsync()
{
    var (count, seconds) = await peers.RunBaselineAsync(Meter);
    Check(count, records, "baseline");
    return count / seconds;
}

await OursAsync();
await BaselineAsync();
var ours = new List<double>();
var baseline = new List<double>();
for (var round = 0; round < rounds; round++)
{
    ours.Add(await OursAsync());
    baseline.Add(await BaselineAsync());
}

double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
Console.WriteLine("| client | records/s (median) | min | max | ratio to baseline |");
Console.WriteLine("| --- | --- | --- | --- | --- |");
Row("baseline: python3-dbus (libdbus), count only", baseline);
Row("ours: GlucoseSync (decode, pair contexts, readings, commits of 25)", ours);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average after: {LoadAverage()}"));

void Row(string name, List<double> values) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {name} | {Median(values):F0} | {values.Min():F0} | {values.Max():F0} | {Median(values) / Median(baseline):F2} |"));

static void Check(int got, int expected, string who)
{
    if (got != expected)
    {
        throw new InvalidOperationException($"{who}: {got} records transferred, expected {expected}");
    }
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
