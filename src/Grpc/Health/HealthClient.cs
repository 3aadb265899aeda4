using TelemetryGateway.Grpc.Client;
using TelemetryGateway.Grpc.Health.V1;

namespace TelemetryGateway.Grpc.Health;

public sealed class HealthClient(GrpcChannel channel)
{
    public AsyncUnaryCall<HealthCheckResponse> CheckAsync(HealthCheckRequest request, CallOptions options = default) =>
        channel.AsyncUnaryCall(HealthServiceDescriptor.Check, request, options);

    public AsyncServerStreamingCall<HealthCheckResponse> Watch(HealthCheckRequest request, CallOptions options = default) =>
        channel.AsyncServerStreamingCall(HealthServiceDescriptor.Watch, request, options);
}
