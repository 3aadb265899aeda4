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
    public static async Task<(double Rate, int Received)> RunAsync(int port, string lines, int count, MqttQualityOfService qos)
    {
        var received = 0;
        long last = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
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

        var started = Stopwatch.GetTimestamp();
        using var publisher = Process.Start("/bin/sh",
            ["-c", $"exec /usr/bin/mosquitto_pub -h 127.0.0.1 -p {port} -t bench/flood -q {(int)qos} -l < '{lines}'"]);
        // Until every message arrived, or 5 s without progress.
        var seen = -1;
        while (!done.Task.IsCompleted && seen != Volatile.Read(ref received))
        {
            seen = Volatile.Read(ref received);
            await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(5)));
        }

        await publisher.WaitForExitAsync();
        await client.DisconnectAsync();
        var seconds = Stopwatch.GetElapsedTime(started, last == 0 ? started : last).TotalSeconds;
        return (seconds > 0 ? received / seconds : 0, received);
    }
}
