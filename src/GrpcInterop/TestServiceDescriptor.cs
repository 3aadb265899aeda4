using Grpc.Testing;
using TelemetryGateway.Grpc;

namespace TelemetryGateway.GrpcInterop;

/// <summary>The typed methods of grpc.testing.TestService and grpc.testing.UnimplementedService (test.proto).</summary>
public static class TestServiceDescriptor
{
    public const string ServiceName = "grpc.testing.TestService";
    public const string UnimplementedServiceName = "grpc.testing.UnimplementedService";

    private static readonly Marshaller<Empty> EmptyMarshaller = Marshallers.Protobuf(Empty.Parser);
    private static readonly Marshaller<SimpleRequest> SimpleRequestMarshaller = Marshallers.Protobuf(SimpleRequest.Parser);
    private static readonly Marshaller<SimpleResponse> SimpleResponseMarshaller = Marshallers.Protobuf(SimpleResponse.Parser);
    private static readonly Marshaller<StreamingOutputCallRequest> OutputRequestMarshaller = Marshallers.Protobuf(StreamingOutputCallRequest.Parser);
    private static readonly Marshaller<StreamingOutputCallResponse> OutputResponseMarshaller = Marshallers.Protobuf(StreamingOutputCallResponse.Parser);
    private static readonly Marshaller<StreamingInputCallRequest> InputRequestMarshaller = Marshallers.Protobuf(StreamingInputCallRequest.Parser);
    private static readonly Marshaller<StreamingInputCallResponse> InputResponseMarshaller = Marshallers.Protobuf(StreamingInputCallResponse.Parser);

    public static readonly Method<Empty, Empty> EmptyCall = new(MethodType.Unary, ServiceName, "EmptyCall", EmptyMarshaller, EmptyMarshaller);
    public static readonly Method<SimpleRequest, SimpleResponse> UnaryCall = new(MethodType.Unary, ServiceName, "UnaryCall", SimpleRequestMarshaller, SimpleResponseMarshaller);
    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> StreamingOutputCall =
        new(MethodType.ServerStreaming, ServiceName, "StreamingOutputCall", OutputRequestMarshaller, OutputResponseMarshaller);
    public static readonly Method<StreamingInputCallRequest, StreamingInputCallResponse> StreamingInputCall =
        new(MethodType.ClientStreaming, ServiceName, "StreamingInputCall", InputRequestMarshaller, InputResponseMarshaller);
    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> FullDuplexCall =
        new(MethodType.DuplexStreaming, ServiceName, "FullDuplexCall", OutputRequestMarshaller, OutputResponseMarshaller);
    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> HalfDuplexCall =
        new(MethodType.DuplexStreaming, ServiceName, "HalfDuplexCall", OutputRequestMarshaller, OutputResponseMarshaller);
    public static readonly Method<Empty, Empty> UnimplementedCall = new(MethodType.Unary, ServiceName, "UnimplementedCall", EmptyMarshaller, EmptyMarshaller);
    public static readonly Method<Empty, Empty> UnimplementedServiceCall =
        new(MethodType.Unary, UnimplementedServiceName, "UnimplementedCall", EmptyMarshaller, EmptyMarshaller);
}
