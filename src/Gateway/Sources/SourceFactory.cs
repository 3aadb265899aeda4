using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Gateway.Sources;

/// <summary>Turns Gateway:Sources spec strings into sources; an unknown spec is a startup error.</summary>
internal static class SourceFactory
{
    /// <summary>Every configured source: the Gateway:Sources specs, then the MQTT, BLE and serial sections.</summary>
    public static IGatewaySource[] CreateAll(GatewayOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var specs = options.Sources.Where(s => !string.IsNullOrWhiteSpace(s))
            .Select(s => Create(s.Trim(), options.DataDirectory, time, loggers));
        return
        [
            .. specs,
            .. Mqtt.MqttSourceFactory.Create(options, time, loggers),
            .. Ble.BleSourceFactory.Create(options, time, loggers),
            .. Serial.SerialSourceFactory.Create(options, time, loggers),
        ];
    }

    public static IGatewaySource Create(string spec, string dataDirectory, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.StartsWith(GeneratorSpec.Prefix, StringComparison.Ordinal))
        {
            var parsed = GeneratorSpec.Parse(spec);
            var cursor = new SourceCursor(dataDirectory, $"gen-{parsed.Device}-{parsed.Kind}");
            return new GeneratorSource(parsed, spec, cursor, time, loggers.CreateLogger("TelemetryGateway.Gateway.Sources.Generator"));
        }

        throw new GatewayConfigurationException(
            $"Unknown source '{spec}' in Gateway:Sources. Supported: {GeneratorSpec.Syntax} " +
            "(MQTT, BLE and serial sources are configured in their own sections).");
    }
}
