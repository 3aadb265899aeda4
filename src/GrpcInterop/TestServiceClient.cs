using Grpc.Testing;
using TelemetryGateway.Grpc.Client;

namespace TelemetryGateway.GrpcInterop;

/// <summary>A typed client of grpc.testing.TestService.</summary>
public sealed class TestServiceClient(GrpcChannel channel)
{
    public AsyncUnaryCall<Empty> EmptyCall(Empty request, CallOptions options = default) =>
        channel.AsyncUnaryCall(TestServiceDescriptor.EmptyCall, request, options);

    public AsyncUnaryCall<SimpleResponse> UnaryCall(SimpleRequest request, CallOptions options = default) =>
        channel.AsyncUnaryCall(TestServiceDescriptor.UnaryCall, request, options);

    public AsyncServerStreamingCall<StreamingOutputCallResponse> StreamingOutputCall(StreamingOutputCallRequest request, CallOptions options = default) =>
        channel.AsyncServerStreamingCall(TestServiceDescriptor.StreamingOutputCall, request, options);

    public AsyncClientStreamingCall<StreamingInputCallRequest, StreamingInputCallResponse> StreamingInputCall(CallOptions options = default) =>
        channel.AsyncClientStreamingCall(TestServiceDescriptor.StreamingInputCall, options);

    public AsyncDuplexStreamingCall<StreamingOutputCallRequest, StreamingOutputCallResponse> FullDuplexCall(CallOptions options = default) =>
        channel.AsyncDuplexStreamingCall(TestServiceDescriptor.FullDuplexCall, options);

    public AsyncUnaryCall<Empty> UnimplementedCall(Empty request, CallOptions options = default) =>
        channel.AsyncUnaryCall(TestServiceDescriptor.UnimplementedCall, request, options);

    public AsyncUnaryCall<Empty> UnimplementedServiceCall(Empty request, CallOptions options = default) =>
        channel.AsyncUnaryCall(TestServiceDescriptor.UnimplementedServiceCall, request, options);
}
