using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Grpc.Server;

internal static partial class GrpcServerLog
{
    [LoggerMessage(1, LogLevel.Debug, "gRPC call {Method} ended with {StatusCode}: {Detail}")]
    public static partial void CallEnded(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(2, LogLevel.Error, "gRPC handler for {Method} threw")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(3, LogLevel.Information, "gRPC call {Method} refused input: {Reason} ({Detail})")]
    public static partial void ProtocolError(ILogger logger, string method, string reason, string detail);

    [LoggerMessage(4, LogLevel.Debug, "gRPC call {Method} passed its deadline")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(5, LogLevel.Debug, "gRPC call {Method} was cancelled by the client")]
    public static partial void ClientCancelled(ILogger logger, string method);
}
