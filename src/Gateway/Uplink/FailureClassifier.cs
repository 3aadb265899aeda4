using TelemetryGateway.Grpc;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway.Uplink;

/// <summary>How the uplink reacts to a failed session.</summary>
public enum FailureKind
{
    /// <summary>Link or hub trouble (unavailable, reset, deadline, protocol slip): back off and reconnect.</summary>
    Transient,

    /// <summary>The hub refused the credentials: retry at the maximum delay, keep buffering.</summary>
    Unauthenticated,
}

/// <summary>The one place that decides transient versus credential failures (style.md "Flow and failure").</summary>
public static class FailureClassifier
{
    public static FailureKind Classify(Exception exception) => exception switch
    {
        RpcException { StatusCode: StatusCode.Unauthenticated or StatusCode.PermissionDenied } => FailureKind.Unauthenticated,
        _ => FailureKind.Transient,
    };

    /// <summary>A short reason for logs and metrics, e.g. "Unavailable", "BufferWriteException".</summary>
    public static string Reason(Exception exception) => exception switch
    {
        RpcException rpc => rpc.StatusCode.ToString(),
        BufferWriteException => "BufferWrite",
        UplinkProtocolException => "Protocol",
        _ => exception.GetType().Name,
    };
}

/// <summary>The hub broke the Ingest protocol (telemetry.proto header), e.g. an Ack with no batch outstanding.</summary>
public sealed class UplinkProtocolException(string message) : Exception(message);
