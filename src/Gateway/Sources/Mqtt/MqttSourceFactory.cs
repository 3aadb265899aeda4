using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Gateway.Sources.Mqtt;

/// <summary>Builds the Mqtt sources configured in Gateway:Mqtt.</summary>
internal static class MqttSourceFactory
{
    public static IEnumerable<IGatewaySource> Create(GatewayOptions options, TimeProvider time, ILoggerFactory loggers) => [];
}
