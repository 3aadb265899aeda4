using System.Diagnostics;
using System.Globalization;
using TelemetryGateway.Bench.Serial;

// serial-bench: (a) ASTM E1381 framer + E1394/Contour parser throughput in records/s on one core, against a
// baseline in the same run (splitting the same records' text at CR: no framing, no checksums, no fields);
// (b) a whole sync of N records over a real pseudo-terminal (ENQ, frame, ACK … EOT through termios and poll),
// median wall time of several runs.
// Usage: serial-bench [--rounds=5] [--records=20000] [--pty-records=1000] [--pty-runs=5] [--only=parse|pty]
var flags = args.Select(a => a.TrimStart('-').Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "true");
int Flag(string name, int fallback) => int.Parse(flags.GetValueOrDefault(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var only = flags.GetValueOrDefault("only", "");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{Environment.ProcessorCount} cores visible; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at start"));

if (only is "" or "parse")
{
    ParseBench.Run(rounds: Flag("rounds", 5), records: Flag("records", 20_000));
}

if (only is "" or "pty")
{
    await PtyBench.RunAsync(records: Flag("pty-records", 1000), runs: Flag("pty-runs", 5));
}

internal static class Report
{
    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static string Format(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static Stopwatch Start() => Stopwatch.StartNew();
}
