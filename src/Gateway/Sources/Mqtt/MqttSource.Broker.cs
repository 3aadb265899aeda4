using Microsoft.Extensions.Logging;
using TelemetryGateway.Mqtt.Broker;

namespace TelemetryGateway.Gateway.Sources.Mqtt;

public sealed partial class MqttSource
{
    /// <summary>Bound endpoints of the embedded broker once it runs (the real port when 0 was configured).</summary>
    public IReadOnlyList<System.Net.IPEndPoint> BrokerEndpoints { get; private set; } = [];

    /// <summary>The embedded broker: monitors publish to the gateway itself. Its ingest hook awaits
    /// <see cref="MonitorIngest.HandleAsync"/> before PUBACK, so an acknowledged QoS 1 message is durable.</summary>
    private async Task RunBrokerAsync(MonitorIngest ingest, CancellationToken ct)
    {
        var options = new MqttBrokerOptions
        {
            Listen = [.. _options.ListenEndpoints],
            AllowAnonymous = _options.AllowAnonymous,
            Users = _options.Users,
            Acl = _options.Acl,
            Tls = _options.Tls,
            MaximumPacketSize = _options.MaximumPacketSize,
            // A monitor's burst commits to the buffer in one transaction instead of one fsync per message; each
            // message is still acknowledged only after its own commit, in order.
            MaximumConcurrentIngest = _options.MaximumConcurrentIngest,
        };
        var broker = new MqttBroker(options, _loggers.CreateLogger<MqttBroker>(), _time);
        await using (broker.ConfigureAwait(false))
        {
            using var registration = broker.AddIngestHandler(
                Monitors.MonitorTopic.AllFilter,
                (message, token) => message.IsWill ? ValueTask.CompletedTask : ingest.HandleAsync(message.Topic, message.Payload, token));
            await broker.StartAsync(ct).ConfigureAwait(false);
            BrokerEndpoints = broker.Endpoints;
            MqttSourceLog.BrokerListening(_logger, string.Join(", ", broker.Endpoints.Select(e => e.ToString())));
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, ct).ConfigureAwait(false);
        }
    }
}
