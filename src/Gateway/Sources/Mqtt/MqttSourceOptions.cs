namespace TelemetryGateway.Gateway.Sources.Mqtt;

/// <summary>Settings of the gateway's Mqtt sources (section Gateway:Mqtt). Nothing configured: no Mqtt source.</summary>
public sealed class MqttSourceOptions
{
}
