using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using TelemetryGateway.Bluetooth.Gatt;
using TelemetryGateway.Bluetooth.Gatt.BloodPressure;
using TelemetryGateway.Core;

// gatt-bench: decodes/s of the GATT health decoders on one core, against a baseline measured in the same run
// (a bare field extraction of the same Blood Pressure Measurement bytes: no validation, no records, no readings).
// Usage: gatt-bench [--rounds=5] [--count=400000] [--pin=true]
var flags = args.Select(a => a.TrimStart('-').Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "true");
int Flag(string name, int fallback) => int.Parse(flags.GetValueOrDefault(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var rounds = Flag("rounds", 5);
var count = Flag("count", 400_000);
if (flags.GetValueOrDefault("pin", "true") == "true" && OperatingSystem.IsLinux())
{
    Process.GetCurrentProcess().ProcessorAffinity = 1; // one core
}

var received = DateTimeOffset.UnixEpoch;
// Vectors from the decoder tests (sources named there).
var bpm = Convert.FromHexString("1e8a00580078000000041114293b3c00012700");
var glucose = Convert.FromHexString("1b0100e307021b0b0a1efbff1e00120501");
var plx = Convert.FromHexString("1fdef3caf3caf35af5d4f3b2f220010000007ae3");
var weight = Convert.FromHexString("025433ea070816082a24");
var truncated = Convert.FromHexString("03020304050607");

(string Name, Func<int> Run)[] workloads =
[
    ("baseline: bare BPM field extraction", () => BareBpm(bpm)),
    ("2A35 typed record", () => BloodPressureMeasurement.Decode(bpm).UserId ?? 0),
    ("2A35 readings (GattProbe)", () => GattProbe.Decode(0x2A35, bpm, "bench", received).Count),
    ("2A18 readings (GattProbe)", () => GattProbe.Decode(0x2A18, glucose, "bench", received).Count),
    ("2A5F readings (GattProbe)", () => GattProbe.Decode(0x2A5F, plx, "bench", received).Count),
    ("2A9D readings (GattProbe)", () => GattProbe.Decode(0x2A9D, weight, "bench", received).Count),
    ("2A35 truncated → DeviceFormatException", () => Rejected(truncated)),
];

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{count} decodes per workload per round, {rounds} rounds after a warm-up round; {Environment.ProcessorCount} cores visible, pinned to one"));
var rates = workloads.ToDictionary(w => w.Name, _ => new List<double>());
var sink = 0L;
for (var round = 0; round <= rounds; round++)
{
    foreach (var (name, run) in workloads)
    {
        // Exceptions cost microseconds each: run the rejection workload 20× shorter.
        var n = name.Contains("truncated", StringComparison.Ordinal) ? count / 20 : count;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            sink += run();
        }
        stopwatch.Stop();
        if (round > 0)
        {
            rates[name].Add(n / stopwatch.Elapsed.TotalSeconds);
        }
    }
}
var baseline = Median(rates[workloads[0].Name]);
Console.WriteLine("| workload | decodes/s (median) | ratio to baseline |");
Console.WriteLine("| --- | --- | --- |");
foreach (var (name, _) in workloads)
{
    var median = Median(rates[name]);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {median:F0} | {median / baseline:F3} |"));
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(checksum {sink})"));

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

// What a minimal decoder does for the same bytes: read the fields at fixed offsets, turn the SFLOATs into
// doubles, no bounds messages, no special values, no time validation, no Reading objects.
static int BareBpm(byte[] b)
{
    static double SFloat(ushort raw) => (((raw & 0x0FFF) ^ 0x0800) - 0x0800) * Math.Pow(10, ((raw >> 12) ^ 0x8) - 0x8);
    var systolic = SFloat(BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(1)));
    var diastolic = SFloat(BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(3)));
    var mean = SFloat(BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(5)));
    var pulse = SFloat(BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(14)));
    return (int)(systolic + diastolic + mean + pulse) + b[16];
}

static int Rejected(byte[] payload)
{
    try
    {
        return BloodPressureMeasurement.Decode(payload).UserId ?? 0;
    }
    catch (DeviceFormatException)
    {
        return 1;
    }
}
