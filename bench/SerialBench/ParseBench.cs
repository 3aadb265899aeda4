using System.Diagnostics;
using System.Text;
using TelemetryGateway.Serial.Astm.Link;
using TelemetryGateway.Serial.Meters.Contour;

namespace TelemetryGateway.Bench.Serial;

/// <summary>Records/s through the pure receiver and decoder, fed 1 KiB at a time as a port read would.</summary>
internal static class ParseBench
{
    private const int Chunk = 1024;

    public static void Run(int rounds, int records)
    {
        if (OperatingSystem.IsLinux())
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1; // one core
        }

        var memory = Memory.Records(records);
        var frames = Memory.Frames(memory);
        var wire = new List<byte> { AstmControl.Enq };
        foreach (var frame in frames)
        {
            wire.AddRange(frame);
        }

        wire.Add(AstmControl.Eot);
        var bytes = wire.ToArray();
        var text = Encoding.Latin1.GetBytes(string.Join("\r", memory) + "\r");
        var zone = TimeZoneInfo.Utc;
        Console.WriteLine($"parse: {records} results ({frames.Count} frames, {bytes.Length} bytes on the wire) per round, {rounds} rounds after a warm-up, one core");

        (string Name, Func<long> Run)[] workloads =
        [
            ("baseline: split the bare record text at CR", () => SplitLines(text)),
            ("E1381 receiver only (frames, checksums, ACKs)", () => Receive(bytes, decode: false, zone)),
            ("receiver + E1394 parser + Contour readings", () => Receive(bytes, decode: true, zone)),
        ];
        var rates = workloads.ToDictionary(w => w.Name, _ => new List<double>());
        for (var round = 0; round <= rounds; round++)
        {
            foreach (var (name, run) in workloads)
            {
                var stopwatch = Stopwatch.StartNew();
                var got = run();
                stopwatch.Stop();
                if (got < records)
                {
                    throw new InvalidOperationException($"{name}: {got} of {records} records");
                }

                if (round > 0)
                {
                    rates[name].Add(records / stopwatch.Elapsed.TotalSeconds);
                }
            }
        }

        var baseline = Report.Median(rates[workloads[0].Name]);
        foreach (var (name, _) in workloads)
        {
            var median = Report.Median(rates[name]);
            Console.WriteLine($"  {name,-48} median {Report.Format(median),12} records/s  (min {Report.Format(rates[name].Min())}, max {Report.Format(rates[name].Max())})  {median / baseline:P1} of baseline");
        }
    }

    private static long SplitLines(byte[] text)
    {
        long count = 0;
        var span = text.AsSpan();
        while (span.IndexOf((byte)'\r') is var end and >= 0)
        {
            var line = Encoding.Latin1.GetString(span[..end]);
            count += line.Length > 0 && line[0] == 'R' ? 1 : 0;
            span = span[(end + 1)..];
        }

        return count;
    }

    private static long Receive(byte[] bytes, bool decode, TimeZoneInfo zone)
    {
        var receiver = new AstmReceiver();
        var decoder = new ContourMessageDecoder();
        var events = new List<AstmLinkEvent>();
        var received = DateTimeOffset.UnixEpoch;
        long results = 0;
        for (var offset = 0; offset < bytes.Length; offset += Chunk)
        {
            receiver.Feed(bytes.AsSpan(offset, Math.Min(Chunk, bytes.Length - offset)), events);
            foreach (var e in events)
            {
                if (e.Kind != AstmLinkEventKind.Record)
                {
                    continue;
                }

                if (!decode)
                {
                    results += e.Text![0] == 'R' ? 1 : 0;
                }
                else
                {
                    foreach (var result in decoder.Accept(e.Text!))
                    {
                        results += ContourReadings.ToReading(result, decoder.Meter!, zone, received).DeviceRecordNumber is > 0 ? 1 : 0;
                    }
                }
            }

            events.Clear();
        }

        return results;
    }
}
