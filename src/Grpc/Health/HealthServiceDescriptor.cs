using TelemetryGateway.Grpc.Health.V1;

namespace TelemetryGateway.Grpc.Health;

/// <summary>The typed methods of grpc.health.v1.Health.</summary>
public static class HealthServiceDescriptor
{
    public const string ServiceName = "grpc.health.v1.Health";

    private static readonly Marshaller<HealthCheckRequest> Request = Marshallers.Protobuf(HealthCheckRequest.Parser);
    private static readonly Marshaller<HealthCheckResponse> Response = Marshallers.Protobuf(HealthCheckResponse.Parser);

    public static readonly Method<HealthCheckRequest, HealthCheckResponse> Check =
        new(MethodType.Unary, ServiceName, "Check", Request, Response);

    public static readonly Method<HealthCheckRequest, HealthCheckResponse> Watch =
        new(MethodType.ServerStreaming, ServiceName, "Watch", Request, Response);
}
