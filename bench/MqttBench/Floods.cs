using System.Diagnostics;
using System.Globalization;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Bench.Mqtt;

/// <summary>One flood of <c>mosquitto_pub -l</c> through a broker to a subscriber, timed to the last message.</summary>
internal static class Floods
{
    public static async Task WriteFloodAsync(string path, int count, int payloadSize)
    {
        await using var writer = new StreamWriter(path);
        for (var i = 0; i < count; i++)
        {
            // A vitals-like line padded to the payload size.
            var line = string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{i},\"hr\":88,\"spo2\":97}}");
            await writer.WriteLineAsync(line.PadRight(payloadSize, ' '));
        }
    }

    /// <summary>One flood: subscribe, start mosquitto_pub -l on the file, time until the last message arrives.</summary>
    public static async Task<(double Rate, int Received)> FloodAsync(int port, string lines, int count, MqttQualityOfService qos)
    {
        await using var subscriber = await BenchSubscriber.SubscribeAsync(port, "bench/flood", qos);
        var started = Stopwatch.GetTimestamp();
        using var publisher = Process.Start(new ProcessStartInfo("/bin/sh",
            ["-c", $"exec /usr/bin/mosquitto_pub -h 127.0.0.1 -p {port} -t bench/flood -q {(int)qos} -l < '{lines}'"])
        {
            RedirectStandardError = true,
        })!;
        var (received, last) = await subscriber.ReceiveAsync(count, TimeSpan.FromSeconds(5));
        await publisher.WaitForExitAsync();
        if (publisher.ExitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_pub exited {publisher.ExitCode}: {await publisher.StandardError.ReadToEndAsync()}");
        }

        var seconds = Stopwatch.GetElapsedTime(started, last == 0 ? started : last).TotalSeconds;
        return (seconds > 0 ? received / seconds : 0, received);
    }

    /// <summary>
    /// The same flood to mosquitto_sub. A retained marker published first is the sync point: its
    /// arrival proves the subscription is in place before the flood starts.
    /// </summary>
    public static async Task<(double Rate, int Received)> FloodToMosquittoSubAsync(int port, string lines, int count, MqttQualityOfService qos)
    {
        using (var marker = Process.Start("/usr/bin/mosquitto_pub", ["-h", "127.0.0.1", "-p", $"{port}", "-t", "bench/ready", "-m", "ready", "-r", "-q", "1"]))
        {
            await marker.WaitForExitAsync();
        }

        using var subscriber = Process.Start(new ProcessStartInfo("/usr/bin/stdbuf",
            ["-oL", "/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", $"{port}", "-t", "bench/#", "-q", $"{(int)qos}", "-C", $"{count + 1}"])
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            var first = await subscriber.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            if (first != "ready")
            {
                throw new InvalidOperationException($"mosquitto_sub printed '{first}' before the marker");
            }

            var started = Stopwatch.GetTimestamp();
            using var publisher = Process.Start("/bin/sh",
                ["-c", $"exec /usr/bin/mosquitto_pub -h 127.0.0.1 -p {port} -t bench/flood -q {(int)qos} -l < '{lines}'"]);
            var received = 0;
            long last = 0;
            while (received < count)
            {
                string? line;
                try
                {
                    line = await subscriber.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5));
                }
                catch (TimeoutException)
                {
                    break;
                }

                if (line is null)
                {
                    break;
                }

                received++;
                last = Stopwatch.GetTimestamp();
            }

            await publisher.WaitForExitAsync();
            var seconds = Stopwatch.GetElapsedTime(started, last == 0 ? started : last).TotalSeconds;
            return (seconds > 0 ? received / seconds : 0, received);
        }
        finally
        {
            if (!subscriber.HasExited)
            {
                subscriber.Kill();
            }

            await subscriber.WaitForExitAsync();
        }
    }
}
