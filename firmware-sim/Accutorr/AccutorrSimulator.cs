using System.Text;
using TelemetryGateway.Serial.Port;

namespace TelemetryGateway.FirmwareSim;

/// <summary>tgsim bp …: see <see cref="AccutorrOptions.Usage"/>. The pty slave is linked at --pty-link.</summary>
internal static class AccutorrSimulator
{
    private const byte PromptRequest = 0x03;

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var options = AccutorrOptions.Parse(args);
        var log = Console.Out;
        var monitor = new MonitorState(options);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (await ConnectedAsync(options, monitor, log, ct))
                {
                    await log.WriteLineAsync($"bp: unplugged; back in {options.Unplug.TotalSeconds} s");
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
    private static async Task<bool> ConnectedAsync(AccutorrOptions options, MonitorState monitor, TextWriter log, CancellationToken ct)
    {
        using var pty = PseudoTerminal.Open();
        try
        {
            File.Delete(options.PtyLink);
            File.CreateSymbolicLink(options.PtyLink, pty.SlavePath);
            await log.WriteLineAsync($"bp: {pty.SlavePath} linked at {options.PtyLink}, {options.Measurements} measurements");
            await WriteAsync(pty.Master, "ACCUTORR PC Interface is ready\r\n>", ct);
            var buffer = new byte[64];
            while (true)
            {
                var n = await pty.Master.ReadAsync(buffer, TimeSpan.FromMilliseconds(200), ct);
                for (var i = 0; i < n; i++)
                {
                    await AnswerAsync(pty.Master, buffer[i], monitor, log, ct);
                }

                monitor.Advance();
                if (monitor.CablePulled())
                {
                    await log.WriteLineAsync($"bp: fault unplug after measurement {monitor.Current}");
                    return true;
                }
            }
        }
        finally
        {
            // The device node goes first, then the line: as when a USB adapter is pulled.
            File.Delete(options.PtyLink);
        }
    }

    private static async Task AnswerAsync(SerialPort port, byte command, MonitorState monitor, TextWriter log, CancellationToken ct)
    {
        switch (command)
        {
            case PromptRequest:
                await WriteAsync(port, ">", ct);
                break;
            case (byte)'P':
                var line = monitor.Serve();
                await WriteAsync(port, line + "\r\n>", ct);
                await log.WriteLineAsync($"bp: served {line}");
                break;
            case (byte)'L':
                await WriteAsync(port, AccutorrMemory.AlarmLine + "\r\n>", ct);
                break;
        }
    }

    private static Task WriteAsync(SerialPort port, string text, CancellationToken ct) => port.WriteAsync(Encoding.ASCII.GetBytes(text), ct);

    /// <summary>
    /// Which measurement the monitor shows, when it was taken, how often it was read, which faults fired. The next
    /// measurement comes only after the current one was read twice: a poller asks again only once it has handled
    /// the previous answer, so a killed gateway never misses a result the monitor showed only to it (a real
    /// monitor shows each result for minutes; a result shown and replaced while no gateway runs is lost, which
    /// the interface cannot prevent).
    /// </summary>
    private sealed class MonitorState(AccutorrOptions options)
    {
        private DateTime _takenAt = DateTime.UtcNow;
        private int _served;
        private bool _unplugDone;
        private bool _garbleDone;

        public int Current { get; private set; } = 1;

        public string Serve()
        {
            if (options.GarbleAt == Current && !_garbleDone)
            {
                _garbleDone = true;
                return "P:1x0,,#";
            }

            _served++;
            var elapsed = (int)((DateTime.UtcNow - _takenAt).TotalMinutes) + options.AgeMinutes;
            return AccutorrMemory.PatientLine(Current, elapsed);
        }

        public void Advance()
        {
            if (_served >= 2 && Current < options.Measurements && DateTime.UtcNow - _takenAt >= options.Every && !PullPending)
            {
                Current++;
                _takenAt = DateTime.UtcNow;
                _served = 0;
            }
        }

        public bool CablePulled()
        {
            if (PullPending)
            {
                _unplugDone = true;
                return true;
            }

            return false;
        }

        // Read twice: a poller asks again only after it has handled the first answer, so nothing is in flight.
        private bool PullPending => options.UnplugAfter == Current && _served >= 2 && !_unplugDone;
    }
}
