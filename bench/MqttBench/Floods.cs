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
        using var publisher = FloodPublisher.Start(port, lines, qos);
        var (received, last) = await subscriber.ReceiveAsync(count, TimeSpan.FromSeconds(5));
        await publisher.WaitAsync();

        var seconds = Stopwatch.GetElapsedTime(started, last == 0 ? started : last).TotalSeconds;
        return (seconds > 0 ? received / seconds : 0, received);
    }

    /// <summary>
    /// The same flood to mosquitto_sub. A retained marker published first is the sync point: its
    /// arrival proves the subscription is in place before the flood starts.
    /// </summary>
    public static async Task<(double Rate, int Received, FloodCpu Cpu)> FloodToMosquittoSubAsync(BrokerProcess broker, string lines, int count, MqttQualityOfService qos)
    {
        var port = broker.Port;
        using (var marker = Process.Start("/usr/bin/mosquitto_pub", ["-h", "127.0.0.1", "-p", $"{port}", "-t", "bench/ready", "-m", "ready", "-r", "-q", "1"]))
        {
            await marker.WaitForExitAsync();
        }

        using var subscriber = Process.Start(new ProcessStartInfo("/usr/bin/stdbuf",
            ["-oL", "/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", $"{port}", "-t", "bench/#", "-q", $"{(int)qos}", "-C", $"{count + 2}"])
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

            var (brokerCpu, subscriberCpu, benchCpu) = (broker.CpuTime, FloodCpu.Of(subscriber), FloodCpu.OfBench());
            var started = Stopwatch.GetTimestamp();
            using var publisher = FloodPublisher.Start(port, lines, qos);
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

            var publisherCpu = await publisher.WaitAsync();
            // -C asks for one message more than exist, so mosquitto_sub is still alive to be measured.
            var cpu = new FloodCpu(publisherCpu, broker.CpuTime - brokerCpu, FloodCpu.Of(subscriber) - subscriberCpu, FloodCpu.OfBench() - benchCpu);
            var seconds = Stopwatch.GetElapsedTime(started, last == 0 ? started : last).TotalSeconds;
            Console.Error.WriteLine(publisher.Timing(started, seconds));
            return (seconds > 0 ? received / seconds : 0, received, cpu);
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
