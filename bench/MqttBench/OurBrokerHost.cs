using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Mqtt.Broker;

namespace TelemetryGateway.Bench.Mqtt;

/// <summary><c>mqtt-bench broker --port=N</c>: our broker in its own process, as mosquitto is.</summary>
internal static class OurBrokerHost
{
    public static async Task RunAsync(int port)
    {
        var options = new MqttBrokerOptions
        {
            Listen = [$"127.0.0.1:{port}"],
            AllowAnonymous = true,
            MaximumInFlight = 100,
            MaximumQueuedMessages = 1_000_000,
            OutboundQueueCapacity = 1_000_000,
        };
        await using var broker = new MqttBroker(options, NullLogger<MqttBroker>.Instance);
        await broker.StartAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {broker.Endpoints[0].Port}"));
        // Runs until the parent closes stdin.
        await Console.In.ReadToEndAsync();
    }
}
