using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Gateway.Sources.Mqtt;

/// <summary>Log messages of the MQTT source; event ids 1340–1359 are stable.</summary>
internal static partial class MqttSourceLog
{
    [LoggerMessage(1340, LogLevel.Warning, "MQTT message on {Topic} not decoded ({Reason}): {Problem}")]
    public static partial void DecodeFailed(ILogger logger, string topic, string reason, string problem);

    [LoggerMessage(1341, LogLevel.Information, "Monitor {Device}: {Location} code {Code} ({Text}) kept unmapped: {Reason}")]
    public static partial void Unmapped(ILogger logger, string device, string location, string code, string text, string reason);

    [LoggerMessage(1342, LogLevel.Warning, "Monitor {Device} silent for {Seconds:F0} s (last message {LastSeen:O})")]
    public static partial void MonitorSilent(ILogger logger, string device, double seconds, DateTimeOffset lastSeen);

    [LoggerMessage(1343, LogLevel.Information, "Monitor {Device} publishing again after {Seconds:F0} s of silence")]
    public static partial void MonitorResumed(ILogger logger, string device, double seconds);

    [LoggerMessage(1344, LogLevel.Warning, "MQTT readings from {Topic} not accepted ({Detail}); retrying in {DelayMs:F0} ms, the message stays unacknowledged")]
    public static partial void AcceptFailed(ILogger logger, string topic, string detail, double delayMs);

    [LoggerMessage(1345, LogLevel.Information, "Embedded MQTT broker listening on {Endpoints}")]
    public static partial void BrokerListening(ILogger logger, string endpoints);

    [LoggerMessage(1346, LogLevel.Information, "MQTT client connected to {Broker} as {ClientId}, subscribed to {Topics}")]
    public static partial void ClientConnected(ILogger logger, string broker, string clientId, string topics);

    [LoggerMessage(1347, LogLevel.Warning, "MQTT client connection to {Broker} lost or refused; retrying in {DelayMs:F0} ms")]
    public static partial void ClientDisconnected(ILogger logger, Exception exception, string broker, double delayMs);

    [LoggerMessage(1348, LogLevel.Information, "Ambulance {Unit} monitor {Device}: position {Latitude:F5},{Longitude:F5}, ETA {Eta:O} to {Destination}")]
    public static partial void Position(ILogger logger, string unit, string device, double latitude, double longitude, DateTimeOffset? eta, string? destination);

    [LoggerMessage(1349, LogLevel.Information, "Monitor {Device} status: battery {Battery} %, leads off [{LeadsOff}], alarms [{Alarms}]")]
    public static partial void Status(ILogger logger, string device, double? battery, string leadsOff, string alarms);
}
