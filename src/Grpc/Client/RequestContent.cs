using System.Net;

namespace TelemetryGateway.Grpc.Client;

/// <summary>
/// The HTTP/2 request body of a call. A unary request is written at once; a streaming request hands its
/// stream to the call, which writes messages as the caller produces them, and ends (END_STREAM) on Complete.
/// </summary>
internal sealed class RequestContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _payload;
    private readonly bool _streaming;
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RequestContent(ReadOnlyMemory<byte> payload, bool streaming)
    {
        _payload = payload;
        _streaming = streaming;
        Headers.TryAddWithoutValidation("Content-Type", Internal.GrpcProtocol.ContentType);
    }

    public static RequestContent ForPayload(ReadOnlyMemory<byte> framedMessage) => new(framedMessage, streaming: false);

    public static RequestContent ForStream() => new(default, streaming: true);

    public Task<Stream> StreamAsync => _stream.Task;

    /// <summary>Ends the request body normally (half-close).</summary>
    public void Complete() => _complete.TrySetResult();

    /// <summary>The call ended: release a body still waiting to be written.</summary>
    public void Abort()
    {
        _stream.TrySetCanceled();
        _complete.TrySetCanceled();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (!_streaming)
        {
            await stream.WriteAsync(_payload, cancellationToken).ConfigureAwait(false);
            return;
        }
        _stream.TrySetResult(stream);
        await _complete.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
