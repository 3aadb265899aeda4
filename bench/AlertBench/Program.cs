using System.Diagnostics;
using System.Globalization;
using TelemetryGateway.Bench.Alerts;
using TelemetryGateway.Core;
using TelemetryGateway.Core.Alerts;

// alert-bench: readings/s through AlertEngine with the full default rule set, on one core.
// Usage: alert-bench [--ambulances=200] [--seconds=900] [--chronic=20000] [--rounds=5] [--pin=true]
var flags = args.Select(a => a.TrimStart('-').Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "true");
int Flag(string name, int fallback) => int.Parse(flags.GetValueOrDefault(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var ambulances = Flag("ambulances", 200);
var seconds = Flag("seconds", 900);
var chronic = Flag("chronic", 20_000);
var rounds = Flag("rounds", 5);
if (flags.GetValueOrDefault("pin", "true") == "true" && OperatingSystem.IsLinux())
{
    Process.GetCurrentProcess().ProcessorAffinity = 1; // one core
}

var readings = Workload.Build(ambulances, seconds, chronic, seed: 8);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"workload: {readings.Length} readings ({ambulances} ambulances at 1 Hz for {seconds} s, {chronic} village patients); {Environment.ProcessorCount} cores visible, pinned to one"));

var engineRates = new List<double>();
var engineCpuRates = new List<double>();
var baselineRates = new List<double>();
var baselineCpuRates = new List<double>();
long signals = 0, allocated = 0;
for (var round = 0; round <= rounds; round++) // round 0 warms the JIT and is not counted
{
    var (rate, cpuRate, roundSignals, roundAllocated) = RunEngine(readings);
    var (baseline, baselineCpu) = RunBaseline(readings);
    if (round == 0)
    {
        continue;
    }
    engineRates.Add(rate);
    engineCpuRates.Add(cpuRate);
    baselineRates.Add(baseline);
    baselineCpuRates.Add(baselineCpu);
    signals = roundSignals;
    allocated = roundAllocated;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"round {round}: engine {rate:F0} readings/s wall, {cpuRate:F0} per CPU-second; baseline {baseline:F0} wall, {baselineCpu:F0} per CPU-second"));
}
var engineMedian = Median(engineRates);
var baselineMedian = Median(baselineRates);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"engine: median {engineMedian:F0} readings/s wall, {Median(engineCpuRates):F0} per CPU-second, over {rounds} rounds; {signals} signals per pass; {allocated / (double)readings.Length:F1} bytes allocated per reading (first sight of each patient and device, and signals)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"baseline (subject lookup + kind switch + one comparison): median {baselineMedian:F0} readings/s wall, {Median(baselineCpuRates):F0} per CPU-second; engine/baseline {engineMedian / baselineMedian:F2} (wall), {Median(engineCpuRates) / Median(baselineCpuRates):F2} (CPU)"));

// Tick: one call with every subject and device of the workload known.
var ticking = new AlertEngine();
foreach (var reading in readings)
{
    ticking.Evaluate(reading);
}
var at = Workload.Start.AddSeconds(seconds);
var tickWatch = Stopwatch.StartNew();
const int ticks = 200;
for (var i = 0; i < ticks; i++)
{
    ticking.Tick(at.AddMilliseconds(i));
}
tickWatch.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"tick: {tickWatch.Elapsed.TotalMicroseconds / ticks:F0} µs per Tick with {ambulances + chronic} patients and {ambulances + 2 * chronic} devices"));
return 0;

// Wall-clock rate, and rate per CPU-second of the process (on a shared, loaded machine the wall clock
// also counts the time other processes held the core).
static (double Rate, double CpuRate, long Signals, long Allocated) RunEngine(Reading[] readings)
{
    var engine = new AlertEngine();
    long signals = 0;
    var before = GC.GetAllocatedBytesForCurrentThread();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    foreach (var reading in readings)
    {
        signals += engine.Evaluate(reading).Count;
    }
    watch.Stop();
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    return (readings.Length / watch.Elapsed.TotalSeconds, readings.Length / cpuSeconds, signals, GC.GetAllocatedBytesForCurrentThread() - before);
}

// The least any per-subject rule engine must do: find the subject's state and branch on the kind.
static (double Rate, double CpuRate) RunBaseline(Reading[] readings)
{
    var state = new Dictionary<string, double[]>(StringComparer.Ordinal);
    long hits = 0;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    const int passes = 4; // a pass is short: repeat it so that the CPU clock (10 ms ticks) resolves it
    for (var pass = 0; pass < passes; pass++)
    {
        foreach (var reading in readings)
        {
            var key = reading.PatientId ?? reading.DeviceId;
            if (!state.TryGetValue(key, out var last))
            {
                last = new double[4];
                state.Add(key, last);
            }
            var slot = reading.Kind switch
            {
                ReadingKinds.SpO2 => 0,
                ReadingKinds.HeartRate or ReadingKinds.PulseRate => 1,
                ReadingKinds.BpSystolic or ReadingKinds.BpDiastolic => 2,
                _ => 3,
            };
            hits += reading.Value > last[slot] + 10 ? 1 : 0;
            last[slot] = reading.Value;
        }
    }
    watch.Stop();
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    GC.KeepAlive(hits);
    return (passes * readings.Length / watch.Elapsed.TotalSeconds, passes * readings.Length / cpuSeconds);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
