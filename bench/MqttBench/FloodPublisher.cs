using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Bench.Mqtt;

/// <summary>
/// <c>mosquitto_pub -l</c> on the flood file, under a shell whose <c>times</c> reports the publisher's CPU
/// (user + system) once it exited: the process is reaped by then, so /proc can no longer say.
/// </summary>
internal sealed partial class FloodPublisher : IDisposable
{
    private readonly Process _process;

    private FloodPublisher(Process process)
    {
        _process = process;
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => ExitedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>When the publisher (its shell) exited: all of the flood had left it by then.</summary>
    public long ExitedAt { get; private set; }

    public static FloodPublisher Start(int port, string lines, MqttQualityOfService qos) =>
        new(Process.Start(new ProcessStartInfo("/bin/sh",
            ["-c", $"/usr/bin/mosquitto_pub -h 127.0.0.1 -p {port} -t bench/flood -q {(int)qos} -l < '{lines}'; s=$?; times; exit $s"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!);

    /// <summary>Waits for the publisher; returns its CPU time, or throws with its error output if it failed.</summary>
    public async Task<TimeSpan> WaitAsync()
    {
        var output = await _process.StandardOutput.ReadToEndAsync();
        await _process.WaitForExitAsync();
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_pub exited {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}");
        }

        // `times` prints the shell's own user/system line, then its children's: the second line is mosquitto_pub.
        var children = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        var total = TimeSpan.Zero;
        foreach (Match match in ShellTime().Matches(children))
        {
            total += TimeSpan.FromMinutes(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
                + TimeSpan.FromSeconds(double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        }

        return total;
    }

    /// <summary>When the publisher finished against when the last message arrived, both from <paramref name="started"/>:
    /// a broker still delivering long after the publisher is done is the one behind.</summary>
    public string Timing(long started, double lastArrivalSeconds) => string.Create(CultureInfo.InvariantCulture,
        $"  publisher done after {Stopwatch.GetElapsedTime(started, ExitedAt).TotalMilliseconds:F0} ms, last message after {lastArrivalSeconds * 1000:F0} ms");

    public void Dispose() => _process.Dispose();

    [GeneratedRegex(@"(\d+)m([\d.]+)s")]
    private static partial Regex ShellTime();
}

/// <summary>CPU seconds one flood cost each party: publisher, broker, subscriber (and, for mosquitto_sub, this bench reading its output).</summary>
internal readonly record struct FloodCpu(TimeSpan Publisher, TimeSpan Broker, TimeSpan Subscriber, TimeSpan Bench)
{
    public static TimeSpan Of(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    public static TimeSpan OfBench()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>Microseconds per message for each party, for the log line.</summary>
    public string PerMessage(int messages)
    {
        string Us(TimeSpan time) => (time.TotalMicroseconds / Math.Max(1, messages)).ToString("F2", CultureInfo.InvariantCulture);
        return $"CPU µs/msg: pub {Us(Publisher)}, broker {Us(Broker)}, sub {Us(Subscriber)}, bench {Us(Bench)}";
    }
}
