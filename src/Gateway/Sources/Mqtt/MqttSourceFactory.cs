using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Gateway.Sources.Mqtt;

/// <summary>Builds the MQTT source configured in Gateway:Mqtt (one source for the embedded broker and/or an external broker).</summary>
internal static class MqttSourceFactory
{
    public static IEnumerable<IGatewaySource> Create(GatewayOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var mqtt = options.Mqtt;
        if (!mqtt.Enabled)
        {
            return [];
        }
        mqtt.Validate();
        return [new MqttSource(mqtt, options.Id, time, loggers)];
    }
}
