using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Grpc;

namespace TelemetryGateway.Contracts;

/// <summary>The typed method of telemetry.v1.Ingest.</summary>
public static class IngestServiceDescriptor
{
    public const string ServiceName = "telemetry.v1.Ingest";

    public static readonly Method<GatewayMessage, HubMessage> Stream = new(
        MethodType.DuplexStreaming, ServiceName, "Stream",
        Marshallers.Protobuf(GatewayMessage.Parser), Marshallers.Protobuf(HubMessage.Parser));
}
