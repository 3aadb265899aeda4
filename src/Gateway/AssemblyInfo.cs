using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("TelemetryGateway.Gateway.Tests")]

// bench/MqttBench times publish → durable through the real MQTT source, sink and buffer.
[assembly: InternalsVisibleTo("mqtt-bench")]
