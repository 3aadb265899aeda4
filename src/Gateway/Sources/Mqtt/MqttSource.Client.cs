namespace TelemetryGateway.Gateway.Sources.Mqtt;

public sealed partial class MqttSource
{
    /// <summary>Subscribes at an external broker (Gateway:Mqtt:BrokerUrl).</summary>
    private Task RunClientAsync(MonitorIngest ingest, CancellationToken ct) =>
        throw new GatewayConfigurationException("Gateway:Mqtt:BrokerUrl: the MQTT client is not available yet.");
}
