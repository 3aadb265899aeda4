using TelemetryGateway.Contracts.Alerts.V1;
using TelemetryGateway.Grpc;

namespace TelemetryGateway.Contracts.Alerts;

/// <summary>The typed method of telemetry.alerts.v1.Alerts (alerts.proto).</summary>
public static class AlertsServiceDescriptor
{
    public const string ServiceName = "telemetry.alerts.v1.Alerts";

    public static readonly Method<WatchAlertsRequest, AlertEvent> WatchAlerts = new(
        MethodType.ServerStreaming, ServiceName, "WatchAlerts",
        Marshallers.Protobuf(WatchAlertsRequest.Parser), Marshallers.Protobuf(AlertEvent.Parser));
}
