using System.Diagnostics;
using TelemetryGateway.Mqtt.Client;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Bench.Mqtt;

/// <summary>
/// The flood received by the project's MQTT client (src/Mqtt/Client): its handler counts, and
/// returning from it is what acknowledges a QoS 1 message.
/// </summary>
internal static class ClientFlood
{
    public static async Task<(double Rate, int Received, FloodCpu Cpu)> RunAsync(BrokerProcess broker, string lines, int count, MqttQualityOfService qos)
    {
        var received = 0;
        long last = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = broker.Port,
            ProtocolVersion = MqttProtocolVersion.V311,
            ClientId = "bench-client",
            AutoReconnect = false,
        };
        await using var client = new MqttClient(options, (_, _) =>
        {
            last = Stopwatch.GetTimestamp();
            if (++received == count)
            {
                done.TrySetResult();
            }

            return ValueTask.CompletedTask;
        });
        await client.ConnectAsync(CancellationToken.None);
        await client.SubscribeAsync("bench/flood", qos, CancellationToken.None);

        var (brokerCpu, benchCpu) = (broker.CpuTime, FloodCpu.OfBench());
        var started = Stopwatch.GetTimestamp();
        using var publisher = FloodPublisher.Start(broker.Port, lines, qos);
        // Until every message arrived, or 5 s without progress.
        var seen = -1;
        while (!done.Task.IsCompleted && seen != Volatile.Read(ref received))
        {
            seen = Volatile.Read(ref received);
            await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(5)));
        }

        var publisherCpu = await publisher.WaitAsync();
        // The client is this process: its CPU is the subscriber's (the bench's own waiting loop is negligible).
        var cpu = new FloodCpu(publisherCpu, broker.CpuTime - brokerCpu, FloodCpu.OfBench() - benchCpu, TimeSpan.Zero);
        await client.DisconnectAsync();
        var seconds = Stopwatch.GetElapsedTime(started, last == 0 ? started : last).TotalSeconds;
        Console.Error.WriteLine(publisher.Timing(started, seconds));
        return (seconds > 0 ? received / seconds : 0, received, cpu);
    }
}
