using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Grpc.Internal;

namespace TelemetryGateway.Grpc.Server;

/// <summary>
/// Dispatches gRPC requests by path to the registered methods. Requests that are not gRPC pass on to the
/// rest of the pipeline (so one Kestrel port can serve gRPC and plain HTTP).
/// </summary>
internal sealed class GrpcMiddleware(
    RequestDelegate next, GrpcServiceRegistry registry, GrpcServerOptions options, GrpcServerMetrics metrics, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("TelemetryGateway.Grpc.Server");

    public Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        var isGrpc = GrpcProtocol.IsGrpcContentType(request.ContentType);
        var path = request.Path.Value ?? "";
        if (!HttpMethods.IsPost(request.Method) || !registry.TryGet(path, out var handler))
        {
            if (isGrpc && HttpMethods.IsPost(request.Method))
            {
                metrics.CallStarted();
                metrics.CallCompleted(path, StatusCode.Unimplemented);
                return RespondTrailersOnlyAsync(http, StatusCodes.Status200OK, new Status(StatusCode.Unimplemented, $"Method is unimplemented: {path}"));
            }
            return next(http);
        }
        if (!isGrpc)
        {
            // PROTOCOL-HTTP2.md: a Content-Type not starting with application/grpc SHOULD get HTTP 415.
            metrics.ProtocolError("unsupported_content_type");
            return RespondTrailersOnlyAsync(http, StatusCodes.Status415UnsupportedMediaType,
                new Status(StatusCode.Internal, $"Content-Type '{request.ContentType}' is not supported; gRPC requires application/grpc."));
        }
        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            metrics.ProtocolError("not_http2");
            return RespondTrailersOnlyAsync(http, StatusCodes.Status426UpgradeRequired,
                new Status(StatusCode.Internal, $"gRPC requires HTTP/2; the request came over {request.Protocol}."));
        }
        return handler.HandleAsync(http, options, metrics, _logger);
    }

    private static Task RespondTrailersOnlyAsync(HttpContext http, int httpStatus, Status status)
    {
        var response = http.Response;
        response.StatusCode = httpStatus;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.StatusHeader] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        response.Headers[GrpcProtocol.MessageHeader] = PercentEncoding.Encode(status.Detail);
        return Task.CompletedTask;
    }
}
