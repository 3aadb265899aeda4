using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using TelemetryGateway.Grpc.Internal;

namespace TelemetryGateway.Grpc.Client;

/// <summary>
/// One call from the client: the HTTP/2 request (headers, then a body written as messages are produced),
/// the response read as messages, and the status from trailers or from what went wrong. The first outcome
/// wins; an unfinished call that is disposed, cancelled or past its deadline is reset (RST_STREAM CANCEL).
/// </summary>
internal sealed partial class ClientCall<TRequest, TResponse> : IClientStreamWriter<TRequest>, IAsyncStreamReader<TResponse>, ICallState
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
}
