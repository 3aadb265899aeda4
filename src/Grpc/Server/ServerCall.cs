using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Grpc.Internal;

namespace TelemetryGateway.Grpc.Server;

/// <summary>
/// One call on the server: reads requests off the HTTP/2 request body, writes responses and the status.
/// All response output goes through one lock, so a deadline can end the call while a handler writes.
/// </summary>
internal sealed class ServerCall<TRequest, TResponse> : IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, IServerCallOperations
{
    private readonly HttpContext _http;
    private readonly Method<TRequest, TResponse> _method;
    private readonly GrpcServerOptions _options;
    private readonly GrpcServerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly MessageReader<TRequest> _reader;
    private readonly SemaphoreSlim _outputLock = new(1, 1);
    private readonly CoalescingWriter _output;
    private readonly bool _clientAcceptsGzip;
    private bool _responseCompressed;
    private bool _headersPrepared;
    private bool _completed;

    public ServerCall(
        HttpContext http, Method<TRequest, TResponse> method, GrpcServerOptions options, GrpcServerMetrics metrics,
        ILogger logger, string? requestEncoding, Metadata requestHeaders, DateTime deadline, CancellationToken callToken)
    {
        _http = http;
        _method = method;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _reader = new MessageReader<TRequest>(http.Request.BodyReader, method.RequestMarshaller, options.MaxReceiveMessageSize, requestEncoding);
        _clientAcceptsGzip = http.Request.Headers[GrpcProtocol.AcceptEncodingHeader].ToString()
            .Split(',', StringSplitOptions.TrimEntries).Contains(GrpcProtocol.Gzip, StringComparer.OrdinalIgnoreCase);
        Context = new ServerCallContext(http, method.FullName, requestHeaders, deadline, callToken, this);
        _output = new CoalescingWriter((bytes, token) => FlushResult(http.Response.BodyWriter.WriteAsync(bytes, token)), callToken);
    }

    public ServerCallContext Context { get; }

    public GrpcServerOptions Options => _options;

    public bool LastRequestCompressed => _reader.LastMessageCompressed;

    public TRequest Current { get; private set; } = default!;

    public WriteOptions? WriteOptions
    {
        get => Context.WriteOptions;
        set => Context.WriteOptions = value;
    }

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        using var linked = Link(cancellationToken);
        try
        {
            var (hasMessage, message) = await _reader.ReadAsync(linked?.Token ?? Context.CancellationToken).ConfigureAwait(false);
            if (hasMessage)
            {
                Current = message;
                _metrics.MessageReceived();
            }
            return hasMessage;
        }
        catch (GrpcProtocolException ex)
        {
            _metrics.ProtocolError(ex.Reason);
            GrpcServerLog.ProtocolError(_logger, _method.FullName, ex.Reason, ex.Message);
            throw ex.ToRpcException();
        }
        catch (Exception ex) when (ex is IOException or ConnectionAbortedException
                                   || (ex is OperationCanceledException && _http.RequestAborted.IsCancellationRequested))
        {
            // RST_STREAM from the client while we were reading its body.
            _metrics.ProtocolError("stream_reset");
            throw new RpcException(new Status(StatusCode.Cancelled, "The client reset the stream."), inner: ex);
        }
    }

    /// <summary>Reads exactly one request, as unary and server-streaming calls take.</summary>
    public async Task<TRequest> ReadSingleRequestAsync()
    {
        if (!await MoveNext(Context.CancellationToken).ConfigureAwait(false))
        {
            _metrics.ProtocolError("missing_request");
            throw new RpcException(StatusCode.Internal, "Request message was not received: the stream ended before one message.");
        }
        var request = Current;
        if (await MoveNext(Context.CancellationToken).ConfigureAwait(false))
        {
            _metrics.ProtocolError("extra_request");
            throw new RpcException(StatusCode.Internal, "The method takes one request message, but the client sent more.");
        }
        return request;
    }

    public async Task WriteAsync(TResponse message, CancellationToken cancellationToken = default)
    {
        Task sent;
        await _outputLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                throw new InvalidOperationException("The call has already completed; no more messages can be written.");
            }
            PrepareHeaders();
            if (_options.MaxSendMessageSize is { } max && _method.ResponseMarshaller.CalculateSize is { } size && size(message) > max)
            {
                throw new RpcException(StatusCode.ResourceExhausted, $"Sending message exceeds the maximum configured message size ({max} bytes).");
            }
            var compress = _responseCompressed && ((Context.WriteOptions?.Flags ?? WriteFlags.None) & WriteFlags.NoCompress) == 0;
            sent = _output.WriteAsync(
                static (output, state) => MessageWriter.Write(output, state.message, state.marshaller, state.compress),
                (message, marshaller: _method.ResponseMarshaller, compress), cancellationToken);
            _metrics.MessageSent();
        }
        finally
        {
            _outputLock.Release();
        }
        await sent.ConfigureAwait(false);
    }

    public async Task WriteResponseHeadersAsync(Metadata headers)
    {
        await _outputLock.WaitAsync(Context.CancellationToken).ConfigureAwait(false);
        try
        {
            if (_http.Response.HasStarted || _completed)
            {
                throw new InvalidOperationException("Response headers can be written only once, before the first message.");
            }
            AppendMetadata(_http.Response.Headers, headers);
            PrepareHeaders();
            await _http.Response.StartAsync(Context.CancellationToken).ConfigureAwait(false);
            // StartAsync only queues the HEADERS frame; the flush sends it, so a client waiting for the
            // headers (grpcio's initial_metadata(), "I am subscribed") gets them before any message.
            await _http.Response.BodyWriter.FlushAsync(Context.CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _outputLock.Release();
        }
    }

    /// <summary>
    /// Ends the call with a status. Before any output that is a trailers-only response (status in the
    /// HEADERS frame that ends the stream); after it, HTTP/2 trailers. Later writes fail.
    /// </summary>
    public async Task CompleteAsync(Status status, Metadata trailers)
    {
        await _outputLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                return;
            }
            _completed = true;
            _metrics.CallCompleted(_method.FullName, status.StatusCode);
            GrpcServerLog.CallEnded(_logger, _method.FullName, status.StatusCode, status.Detail);
            if (_http.RequestAborted.IsCancellationRequested)
            {
                return; // The stream is gone: nothing can reach the client.
            }
            await DrainOutputAsync().ConfigureAwait(false);
            var response = _http.Response;
            if (!response.HasStarted && status.StatusCode != StatusCode.OK)
            {
                response.Headers[GrpcProtocol.StatusHeader] = ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (status.Detail.Length > 0)
                {
                    response.Headers[GrpcProtocol.MessageHeader] = PercentEncoding.Encode(status.Detail);
                }
                AppendMetadata(response.Headers, trailers);
            }
            else
            {
                PrepareHeaders();
                response.AppendTrailer(GrpcProtocol.StatusHeader, ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (status.Detail.Length > 0)
                {
                    response.AppendTrailer(GrpcProtocol.MessageHeader, PercentEncoding.Encode(status.Detail));
                }
                foreach (var entry in trailers)
                {
                    response.AppendTrailer(entry.Key, MetadataHeaders.EncodeValue(entry));
                }
            }
            await response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ConnectionAbortedException or OperationCanceledException)
        {
            // The client went away while we sent the status; the call is over either way.
        }
        finally
        {
            _outputLock.Release();
        }
    }

    /// <summary>Everything written goes out before the status; a flush that failed only means the client is gone.</summary>
    private async Task DrainOutputAsync()
    {
        try
        {
            await _output.DrainAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ConnectionAbortedException or OperationCanceledException or InvalidOperationException)
        {
        }
    }

    private static async ValueTask FlushResult(ValueTask<System.IO.Pipelines.FlushResult> flush) => await flush.ConfigureAwait(false);

    private void PrepareHeaders()
    {
        if (_headersPrepared || _http.Response.HasStarted)
        {
            return;
        }
        _headersPrepared = true;
        if (Context.ResponseEncoding is { } encoding && _clientAcceptsGzip
            && string.Equals(encoding, GrpcProtocol.Gzip, StringComparison.OrdinalIgnoreCase))
        {
            _responseCompressed = true;
            _http.Response.Headers[GrpcProtocol.EncodingHeader] = GrpcProtocol.Gzip;
        }
    }

    private CancellationTokenSource? Link(CancellationToken token) =>
        token.CanBeCanceled && token != Context.CancellationToken
            ? CancellationTokenSource.CreateLinkedTokenSource(token, Context.CancellationToken)
            : null;

    private static void AppendMetadata(IHeaderDictionary headers, Metadata metadata)
    {
        foreach (var entry in metadata)
        {
            headers.Append(entry.Key, MetadataHeaders.EncodeValue(entry));
        }
    }
}
