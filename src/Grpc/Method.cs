namespace TelemetryGateway.Grpc;

public enum MethodType
{
    Unary,
    ClientStreaming,
    ServerStreaming,
    DuplexStreaming,
}

/// <summary>A typed method descriptor: the path "/{service}/{method}" and how its messages are (de)serialized.</summary>
public sealed class Method<TRequest, TResponse>(
    MethodType type,
    string serviceName,
    string name,
    Marshaller<TRequest> requestMarshaller,
    Marshaller<TResponse> responseMarshaller)
{
    public MethodType Type { get; } = type;
    public string ServiceName { get; } = serviceName;
    public string Name { get; } = name;
    public string FullName { get; } = "/" + serviceName + "/" + name;
    public Marshaller<TRequest> RequestMarshaller { get; } = requestMarshaller;
    public Marshaller<TResponse> ResponseMarshaller { get; } = responseMarshaller;
}
