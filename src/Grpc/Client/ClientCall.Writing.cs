using System.Buffers;
using TelemetryGateway.Grpc.Internal;

namespace TelemetryGateway.Grpc.Client;

/// <summary>Writing the request body: framed messages through one coalescing writer, then half-close.</summary>
internal sealed partial class ClientCall<TRequest, TResponse>
{
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
}
