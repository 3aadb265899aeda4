using TelemetryGateway.Serial.Port;

namespace TelemetryGateway.FirmwareSim;

/// <summary>
/// tgsim meter …: a serial glucose meter on a pseudo-terminal (see <see cref="MeterOptions.Usage"/>). The slave
/// end is linked at --pty-link; "unplug" removes the link and closes the pty, then makes a new one.
/// </summary>
internal static class MeterSimulator
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var options = MeterOptions.Parse(args);
        var log = Console.Out;
        var sender = new AstmSender(options, log);
        var memory = new MeterMemory(options);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var unplugged = await ConnectedAsync(options, sender, memory, log, ct);
                if (unplugged)
                {
                    await log.WriteLineAsync($"meter: unplugged; back in {options.Unplug.TotalSeconds} s");
                    await Task.Delay(options.Unplug, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            File.Delete(options.PtyLink);
        }

        return 0;
    }

    // One "cable plugged in" period; true when it ended with the cable pulled.
    private static async Task<bool> ConnectedAsync(MeterOptions options, AstmSender sender, MeterMemory memory, TextWriter log, CancellationToken ct)
    {
        using var pty = PseudoTerminal.Open();
        try
        {
            Link(options.PtyLink, pty.SlavePath);
            await log.WriteLineAsync($"meter: {pty.SlavePath} linked at {options.PtyLink}, {options.Records} records, serial {options.Serial}");
            while (true)
            {
                var outcome = await sender.TransferAsync(pty.Master, memory.Records(DateTime.Now), ct);
                await log.WriteLineAsync($"meter: transfer {outcome.ToString().ToLowerInvariant()} of tests {memory.Oldest}..{memory.Taken} (frames sent {sender.FramesSent}, retransmissions {sender.Retransmissions})");
                if (outcome == TransferOutcome.Complete)
                {
                    memory.TransferCompleted();
                }

                switch (outcome)
                {
                    case TransferOutcome.Unplugged:
                        return true;
                    case TransferOutcome.Aborted:
                        await Task.Delay(500, ct);
                        break;
                    case TransferOutcome.Complete when options.Repeat is { } repeat:
                        await Task.Delay(repeat, ct);
                        break;
                    case TransferOutcome.Complete:
                        await Task.Delay(Timeout.Infinite, ct);
                        break;
                }
            }
        }
        finally
        {
            // The device node goes first, then the line: as when a USB adapter is pulled.
            File.Delete(options.PtyLink);
        }
    }

    private static void Link(string link, string target)
    {
        File.Delete(link);
        File.CreateSymbolicLink(link, target);
    }
}
