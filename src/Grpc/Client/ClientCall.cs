using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using TelemetryGateway.Grpc.Internal;

namespace TelemetryGateway.Grpc.Client;

/// <summary>
/// One call from the client: the HTTP/2 request (headers, then a body written as messages are produced),
/// the response read as messages, and the status from trailers or from what went wrong. The first outcome
/// wins; an unfinished call that is disposed, cancelled or past its deadline is reset (RST_STREAM CANCEL).
/// </summary>
internal sealed class ClientCall<TRequest, TResponse> : IClientStreamWriter<TRequest>, IAsyncStreamReader<TResponse>, ICallState
{
    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource<Metadata> _headers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _finishLock = new();
    private readonly bool _compressRequests;
    private CancellationTokenRegistration _userCancellation;
    private ITimer? _deadlineTimer;
    private volatile bool _deadlineExceeded;
    private RequestContent? _content;
    private CoalescingWriter? _requestOutput;
    private bool _requestCompleted;
    private Task<HttpResponseMessage?> _response = Task.FromResult<HttpResponseMessage?>(null);
    private MessageReader<TResponse>? _reader;
    private HttpResponseMessage? _httpResponse;
    private Status? _status;
    private Metadata? _trailers;

    public ClientCall(GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
        _compressRequests = string.Equals(options.RequestEncoding, GrpcProtocol.Gzip, StringComparison.OrdinalIgnoreCase);
        WriteOptions = options.WriteOptions;
    }

    public TResponse Current { get; private set; } = default!;

    public WriteOptions? WriteOptions { get; set; }

    public Task<Metadata> ResponseHeadersAsync => _headers.Task;

    public void StartUnary(TRequest request)
    {
        var framed = new ArrayBufferWriter<byte>();
        try
        {
            WriteFramed(framed, request);
        }
        catch (RpcException ex)
        {
            Finish(ex.Status, new Metadata());
            return;
        }
        Start(RequestContent.ForPayload(framed.WrittenMemory));
    }

    public void StartStreaming() => Start(RequestContent.ForStream());

    private void Start(RequestContent content)
    {
        _content = content;
        if (_options.Deadline is { } deadline)
        {
            var remaining = deadline.ToUniversalTime() - _channel.Options.TimeProvider.GetUtcNow().UtcDateTime;
            if (remaining <= TimeSpan.Zero)
            {
                _deadlineExceeded = true;
                Finish(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), new Metadata());
                return;
            }
            _deadlineTimer = _channel.Options.TimeProvider.CreateTimer(_ => OnDeadline(), null, remaining, Timeout.InfiniteTimeSpan);
        }
        if (_options.CancellationToken.CanBeCanceled)
        {
            _userCancellation = _options.CancellationToken.Register(() => Cancel(new Status(StatusCode.Cancelled, "Call cancelled by the client.")));
        }
        _response = SendAsync(BuildRequest(content));
    }

    private HttpRequestMessage BuildRequest(RequestContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_channel.Address, _method.FullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation(GrpcProtocol.TeHeader, "trailers");
        headers.TryAddWithoutValidation("User-Agent", GrpcProtocol.UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.SupportedEncodings);
        if (_compressRequests)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, GrpcProtocol.Gzip);
        }
        if (_options.Deadline is { } deadline)
        {
            var remaining = deadline.ToUniversalTime() - _channel.Options.TimeProvider.GetUtcNow().UtcDateTime;
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(remaining));
        }
        foreach (var entry in _options.Headers ?? [])
        {
            headers.TryAddWithoutValidation(entry.Key, MetadataHeaders.EncodeValue(entry));
        }
        return request;
    }

    private async Task<HttpResponseMessage?> SendAsync(HttpRequestMessage request)
    {
        try
        {
            var response = await _channel.Invoker.SendAsync(request, _cts.Token).ConfigureAwait(false);
            var headerMetadata = ClientStatusMapping.ReadMetadata(response.Headers);
            if (EarlyStatus(response) is { } status)
            {
                // Trailers-only response, or not a gRPC response at all: the status is all there is.
                _headers.TrySetResult(headerMetadata);
                Finish(status, headerMetadata);
                response.Dispose();
                return null;
            }
            _headers.TrySetResult(headerMetadata);
            _httpResponse = response;
            var encoding = response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var encodings) ? encodings.FirstOrDefault() : null;
            var body = await response.Content.ReadAsStreamAsync(_cts.Token).ConfigureAwait(false);
            _reader = new MessageReader<TResponse>(PipeReader.Create(body), _method.ResponseMarshaller, _channel.Options.MaxReceiveMessageSize, encoding);
            return response;
        }
        catch (Exception ex)
        {
            var status = StatusFor(ex);
            _headers.TrySetException(new RpcException(status));
            Finish(status, new Metadata());
            return null;
        }
    }

    private static Status? EarlyStatus(HttpResponseMessage response)
    {
        var grpcStatus = ClientStatusMapping.ReadStatus(response.Headers);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return grpcStatus ?? new Status(ClientStatusMapping.FromHttpStatus(response.StatusCode),
                $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}.");
        }
        if (grpcStatus is not null)
        {
            return grpcStatus;
        }
        var contentType = response.Content.Headers.ContentType?.ToString();
        return GrpcProtocol.IsGrpcContentType(contentType)
            ? null
            : new Status(StatusCode.Unknown, $"Bad gRPC response. Invalid content-type value: {contentType ?? "(none)"}.");
    }

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        var response = await _response.ConfigureAwait(false);
        if (response is null || _reader is null)
        {
            return EndOfStream();
        }
        // Cancelling a read cancels the call, as in every gRPC API.
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(() => Cancel(new Status(StatusCode.Cancelled, "Call cancelled by the client.")))
            : default;
        try
        {
            var (hasMessage, message) = await _reader.ReadAsync(_cts.Token).ConfigureAwait(false);
            if (hasMessage)
            {
                Current = message;
                return true;
            }
            Finish(ClientStatusMapping.ReadStatus(response.TrailingHeaders)
                   ?? new Status(StatusCode.Unknown, "No grpc-status found on response."),
                ClientStatusMapping.ReadMetadata(response.TrailingHeaders));
        }
        catch (GrpcProtocolException ex)
        {
            Cancel(ex.Status);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            Finish(StatusFor(ex), new Metadata());
        }
        return EndOfStream();
    }

    private bool EndOfStream()
    {
        var status = _status!.Value;
        return status.StatusCode == StatusCode.OK ? false : throw new RpcException(status, _trailers);
    }

    /// <summary>Unary and client-streaming calls: exactly one response message, then OK.</summary>
    public async Task<TResponse> ReadSingleResponseAsync()
    {
        if (!await MoveNext(CancellationToken.None).ConfigureAwait(false))
        {
            throw new RpcException(new Status(StatusCode.Internal, "The server ended the call with OK but sent no response message."), _trailers);
        }
        var response = Current;
        if (await MoveNext(CancellationToken.None).ConfigureAwait(false))
        {
            Cancel(new Status(StatusCode.Internal, "The server sent more than one response message for a single-response method."));
            throw new RpcException(_status!.Value, _trailers);
        }
        return response;
    }

    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        if (_requestCompleted)
        {
            throw new InvalidOperationException("The request stream has already been completed.");
        }
        if (_status is { } ended)
        {
            throw ended.StatusCode == StatusCode.OK
                ? new InvalidOperationException("The call has already ended.")
                : new RpcException(ended, _trailers);
        }
        try
        {
            var output = _requestOutput ?? await OpenRequestOutputAsync(cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(static (buffer, state) => state.call.WriteFramed(buffer, state.message), (call: this, message), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            // The server may have ended the call (its status explains why) or the connection went away.
            if (_status is null && !cancellationToken.IsCancellationRequested)
            {
                await _response.ConfigureAwait(false);
            }
            Finish(StatusFor(ex), new Metadata());
            throw new RpcException(_status!.Value, _trailers, ex);
        }
    }

    private async Task<CoalescingWriter> OpenRequestOutputAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cts.Token);
        var stream = await _content!.StreamAsync.WaitAsync(linked.Token).ConfigureAwait(false);
        return _requestOutput = new CoalescingWriter(async (bytes, token) =>
        {
            await stream.WriteAsync(bytes, token).ConfigureAwait(false);
            await stream.FlushAsync(token).ConfigureAwait(false);
        }, _cts.Token);
    }

    public async Task CompleteAsync()
    {
        if (_requestCompleted)
        {
            return;
        }
        _requestCompleted = true;
        if (_requestOutput is { } output)
        {
            try
            {
                await output.DrainAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_cts.IsCancellationRequested || _status is not null)
            {
                // The call ended meanwhile; its status says why.
            }
        }
        _content?.Complete();
    }

    private void WriteFramed(IBufferWriter<byte> output, TRequest message)
    {
        if (_channel.Options.MaxSendMessageSize is { } max && _method.RequestMarshaller.CalculateSize is { } size && size(message) > max)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"Sending message exceeds the maximum configured message size ({max} bytes).");
        }
        var compress = _compressRequests && ((WriteOptions?.Flags ?? WriteFlags.None) & WriteFlags.NoCompress) == 0;
        MessageWriter.Write(output, message, _method.RequestMarshaller, compress);
    }

    public Status GetStatus() => _status ?? throw new InvalidOperationException("The call has not ended yet; its status is not known.");

    public Metadata GetTrailers() => _trailers ?? throw new InvalidOperationException("The call has not ended yet; its trailers are not known.");

    private void OnDeadline()
    {
        _deadlineExceeded = true;
        Cancel(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
    }

    /// <summary>Ends the call with this status (if not already ended) and resets the HTTP/2 stream.</summary>
    private void Cancel(Status status)
    {
        Finish(status, new Metadata());
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private Status StatusFor(Exception ex)
    {
        if (_status is { } known)
        {
            return known;
        }
        if (_deadlineExceeded)
        {
            return new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }
        if (ex is OperationCanceledException && _cts.IsCancellationRequested)
        {
            return new Status(StatusCode.Cancelled, "Call cancelled by the client.");
        }
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpProtocolException protocol)
            {
                return ClientStatusMapping.FromHttp2Error(protocol.ErrorCode, protocol.Message);
            }
        }
        return ex is HttpRequestException or IOException or OperationCanceledException
            ? new Status(StatusCode.Unavailable, $"Error connecting or talking to the server: {ex.GetType().Name}: {ex.Message}{(ex.InnerException is { } inner ? " (" + inner.Message + ")" : "")}")
            : new Status(StatusCode.Internal, "Error in the call: " + ex.Message);
    }

    private void Finish(Status status, Metadata trailers)
    {
        lock (_finishLock)
        {
            if (_status is not null)
            {
                return;
            }
            _trailers = trailers;
            _status = status;
        }
        _headers.TrySetResult(new Metadata());
        _content?.Abort();
        _deadlineTimer?.Dispose();
    }

    public void Dispose()
    {
        Cancel(new Status(StatusCode.Cancelled, "Call disposed before it ended."));
        _userCancellation.Dispose();
        _deadlineTimer?.Dispose();
        _httpResponse?.Dispose();
    }
}
