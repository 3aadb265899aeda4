namespace TelemetryGateway.Grpc;

/// <summary>
/// Malformed input on the wire (a truncated message, a length over the limit, garbage protobuf …): the
/// call it arrived on ends with <see cref="Status"/>; <see cref="Reason"/> is a stable label for counters.
/// </summary>
public sealed class GrpcProtocolException(string reason, Status status, Exception? inner = null)
    : Exception(status.Detail, inner)
{
    public string Reason { get; } = reason;

    public Status Status { get; } = status;

    public RpcException ToRpcException() => new(Status, inner: this);
}
