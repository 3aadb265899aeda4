using System.Diagnostics;
using TelemetryGateway.Serial.Astm.Link;
using TelemetryGateway.Serial.Meters.Contour;
using TelemetryGateway.Serial.Port;
using TelemetryGateway.Serial.Sessions;

namespace TelemetryGateway.Bench.Serial;

/// <summary>
/// A whole sync over a pty: a meter-side sender on the master (ENQ, each frame waiting for its ACK, EOT) and the
/// gateway's receive path on the slave (SerialPort + AstmLinkSession + decoder), timed from ENQ to the decoded
/// EOT. No baud rate applies on a pty: this measures our stack's per-frame turn-around, not a cable.
/// </summary>
internal static class PtyBench
{
    public static async Task RunAsync(int records, int runs)
    {
        if (OperatingSystem.IsLinux())
        {
            Process.GetCurrentProcess().ProcessorAffinity = (nint)((1L << Math.Min(Environment.ProcessorCount, 2)) - 1);
        }

        var frames = Memory.Frames(Memory.Records(records));
        Console.WriteLine($"pty: {records} results ({frames.Count} frames, one ACK each) per sync, {runs} syncs after a warm-up");
        var seconds = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var elapsed = await SyncOnceAsync(frames, records);
            if (run > 0)
            {
                seconds.Add(elapsed.TotalSeconds);
            }
        }

        var median = Report.Median(seconds);
        Console.WriteLine($"  sync of {records} records over a pty: median {median * 1000:F0} ms  (min {seconds.Min() * 1000:F0}, max {seconds.Max() * 1000:F0})  = {Report.Format(records / median)} records/s, {median * 1e6 / frames.Count:F0} µs per frame round trip");
        var atCable = frames.Sum(f => f.Length + 1) * 10.0 / 9600;
        Console.WriteLine($"  for scale: the same bytes at 9600 8N1 take {atCable:F1} s on a real cable");
    }

    private static async Task<TimeSpan> SyncOnceAsync(List<byte[]> frames, int records)
    {
        using var pty = PseudoTerminal.Open();
        using var port = SerialPort.Open(pty.SlavePath, new SerialPortSettings());
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var decoder = new ContourMessageDecoder();
        var results = 0;
        var done = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopwatch = new Stopwatch();
        var session = new AstmLinkSession(port, TimeProvider.System);
        var receiving = session.RunAsync((e, _) =>
        {
            if (e.Kind == AstmLinkEventKind.Record)
            {
                results += decoder.Accept(e.Text!).Count;
            }
            else if (e.Kind == AstmLinkEventKind.TransferEnded)
            {
                done.TrySetResult(stopwatch.Elapsed);
            }

            return ValueTask.CompletedTask;
        }, stop.Token);

        stopwatch.Start();
        await SendAsync(pty.Master, frames, stop.Token);
        var elapsed = await done.Task.WaitAsync(stop.Token);
        await stop.CancelAsync();
        try
        {
            await receiving;
        }
        catch (OperationCanceledException)
        {
        }

        return results == records ? elapsed : throw new InvalidOperationException($"{results} of {records} results decoded");
    }

    private static async Task SendAsync(SerialPort master, List<byte[]> frames, CancellationToken ct)
    {
        await master.WriteAsync(new[] { AstmControl.Enq }, ct);
        await ExpectAckAsync(master, ct);
        foreach (var frame in frames)
        {
            await master.WriteAsync(frame, ct);
            await ExpectAckAsync(master, ct);
        }

        await master.WriteAsync(new[] { AstmControl.Eot }, ct);
    }

    private static async Task ExpectAckAsync(SerialPort master, CancellationToken ct)
    {
        var reply = new byte[1];
        var n = await master.ReadAsync(reply, TimeSpan.FromSeconds(15), ct);
        if (n != 1 || reply[0] != AstmControl.Ack)
        {
            throw new InvalidOperationException(n == 0 ? "no reply within 15 s" : $"reply 0x{reply[0]:X2}, not ACK");
        }
    }
}
