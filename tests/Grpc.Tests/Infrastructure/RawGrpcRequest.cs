using System.Net;
using System.Net.Http.Headers;

namespace TelemetryGateway.Grpc.Tests.Infrastructure;

/// <summary>
/// Sends hand-made gRPC requests over one h2c connection (one SocketsHttpHandler), so a test can feed the
/// server bytes no well-behaved client would send and then check the same connection still serves calls.
/// </summary>
public sealed class RawGrpcRequest(Uri server) : IDisposable
{
    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = false }, disposeHandler: true);

    public sealed record Outcome(HttpStatusCode HttpStatus, string? GrpcStatus, string? GrpcMessage, byte[] Body);

    public async Task<Outcome> SendAsync(string path, byte[] body, string contentType = "application/grpc",
        IEnumerable<(string Name, string Value)>? headers = null, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(path, new ByteArrayContent(body), contentType, headers);
        using var response = await _invoker.SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new Outcome(response.StatusCode,
            Header(response.Headers, "grpc-status") ?? Header(response.TrailingHeaders, "grpc-status"),
            Header(response.Headers, "grpc-message") ?? Header(response.TrailingHeaders, "grpc-message"),
            bytes);
    }

    /// <summary>Starts a request whose body is written by the caller through the returned stream task.</summary>
    public (Task<HttpResponseMessage> Response, Task<Stream> Body, TaskCompletionSource Finish) Start(string path, CancellationToken cancellationToken)
    {
        var content = new OpenContent();
        var request = NewRequest(path, content, "application/grpc", null);
        return (_invoker.SendAsync(request, cancellationToken), content.Stream.Task, content.Finish);
    }

    public void Dispose() => _invoker.Dispose();

    /// <summary>A length-prefixed message: flag, big-endian length, payload.</summary>
    public static byte[] Frame(byte flag, uint declaredLength, params byte[] payload) =>
        [flag, (byte)(declaredLength >> 24), (byte)(declaredLength >> 16), (byte)(declaredLength >> 8), (byte)declaredLength, .. payload];

    private HttpRequestMessage NewRequest(string path, HttpContent content, string contentType, IEnumerable<(string Name, string Value)>? headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private sealed class OpenContent : HttpContent
    {
        public TaskCompletionSource<Stream> Stream { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Finish { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            Stream.TrySetResult(stream);
            await Finish.Task.WaitAsync(cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
