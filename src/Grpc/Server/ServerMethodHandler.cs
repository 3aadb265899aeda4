using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Grpc.Internal;

namespace TelemetryGateway.Grpc.Server;

internal interface IServerMethodHandler
{
    string FullName { get; }

    Task HandleAsync(HttpContext http, GrpcServerOptions options, GrpcServerMetrics metrics, ILogger logger);
}

/// <summary>
/// Runs one method's calls: sets up the call (limits, encoding, deadline), runs the typed body, maps what it
/// ended with to a status and sends it. The body differs per call kind; everything around it is shared.
/// </summary>
internal sealed class ServerMethodHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    Func<ServerCall<TRequest, TResponse>, Task> body) : IServerMethodHandler
{
    public string FullName => method.FullName;

    public async Task HandleAsync(HttpContext http, GrpcServerOptions options, GrpcServerMetrics metrics, ILogger logger)
    {
        metrics.CallStarted();
        // A gRPC stream may be long-lived and idle: the HTTP body size and data-rate limits do not apply.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }
        if (http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minRequestRate)
        {
            minRequestRate.MinDataRate = null;
        }
        if (http.Features.Get<IHttpMinResponseDataRateFeature>() is { } minResponseRate)
        {
            minResponseRate.MinDataRate = null;
        }
        http.Response.ContentType = GrpcProtocol.ContentType;
        http.Response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;

        var requestEncoding = http.Request.Headers[GrpcProtocol.EncodingHeader].ToString();
        requestEncoding = requestEncoding.Length == 0 ? null : requestEncoding.ToLowerInvariant();
        var timeout = ReadTimeout(http);
        var deadline = timeout is { } t ? options.TimeProvider.GetUtcNow().UtcDateTime + t : DateTime.MaxValue;

        // Create the deadline source only when the client set a deadline.
        using var deadlineCts = timeout is { } t2 ? new CancellationTokenSource(t2, options.TimeProvider) : null;
        using var callCts = deadlineCts is null
            ? CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted)
            : CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, deadlineCts.Token);

        var call = new ServerCall<TRequest, TResponse>(
            http, method, options, metrics, logger, requestEncoding, ReadRequestMetadata(http), deadline, callCts.Token);

        if (requestEncoding is not null and not GrpcProtocol.Identity and not GrpcProtocol.Gzip)
        {
            metrics.ProtocolError("unsupported_encoding");
            await call.CompleteAsync(new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding '{requestEncoding}'; supported: {GrpcProtocol.SupportedEncodings}."), new Metadata()).ConfigureAwait(false);
            return;
        }

        var work = RunBodyAsync(call, deadlineCts, logger);
        if (deadlineCts is not null)
        {
            var deadlinePassed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var registration = deadlineCts.Token.Register(() => deadlinePassed.TrySetResult());
            if (await Task.WhenAny(work, deadlinePassed.Task).ConfigureAwait(false) != work)
            {
                // The deadline ends the call now, whatever the handler is doing; it sees its token cancelled.
                GrpcServerLog.DeadlineExceeded(logger, method.FullName);
                await call.CompleteAsync(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), new Metadata()).ConfigureAwait(false);
            }
        }
        var (status, trailers) = await work.ConfigureAwait(false);
        await call.CompleteAsync(status, trailers).ConfigureAwait(false);
    }

    private async Task<(Status, Metadata)> RunBodyAsync(ServerCall<TRequest, TResponse> call, CancellationTokenSource? deadline, ILogger logger)
    {
        var context = call.Context;
        try
        {
            await body(call).ConfigureAwait(false);
            return (context.Status, context.ResponseTrailers);
        }
        catch (Exception) when (deadline?.IsCancellationRequested == true)
        {
            return (new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), context.ResponseTrailers);
        }
        catch (RpcException ex)
        {
            foreach (var entry in ex.Trailers)
            {
                context.ResponseTrailers.Add(entry);
            }
            return (ex.Status, context.ResponseTrailers);
        }
        catch (Exception) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            GrpcServerLog.ClientCancelled(logger, method.FullName);
            return (new Status(StatusCode.Cancelled, "Cancelled by the client."), context.ResponseTrailers);
        }
        catch (Exception ex)
        {
            GrpcServerLog.HandlerFailed(logger, method.FullName, ex);
            var detail = call.Options.EnableDetailedErrors ? $"Exception was thrown by handler. {ex.GetType().Name}: {ex.Message}" : "Exception was thrown by handler.";
            return (new Status(StatusCode.Unknown, detail), context.ResponseTrailers);
        }
    }

    private static TimeSpan? ReadTimeout(HttpContext http)
    {
        var header = http.Request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        // A malformed grpc-timeout is ignored rather than failing the call: the client still enforces its own.
        if (header.Length == 0 || !GrpcTimeout.TryParse(header, out var timeout))
        {
            return null;
        }
        // CancellationTokenSource takes at most uint.MaxValue - 1 ms (~49 days); longer means "no deadline".
        return timeout.TotalMilliseconds >= uint.MaxValue - 1 ? null : timeout;
    }

    private static Metadata ReadRequestMetadata(HttpContext http)
    {
        var metadata = new Metadata();
        foreach (var (key, values) in http.Request.Headers)
        {
            if (GrpcProtocol.IsReservedHeader(key))
            {
                continue;
            }
            foreach (var value in values)
            {
                if (value is null)
                {
                    continue;
                }
                foreach (var entry in SafeDecode(key, value))
                {
                    metadata.Add(entry);
                }
            }
        }
        return metadata;
    }

    // A header that is not valid gRPC metadata (odd characters) is skipped rather than failing the call.
    private static IEnumerable<Metadata.Entry> SafeDecode(string key, string value)
    {
        try
        {
            return MetadataHeaders.Decode(key, value).ToList();
        }
        catch (ArgumentException)
        {
            return [];
        }
    }
}
