namespace TelemetryGateway.Grpc.Client;

/// <summary>Reading the response: messages, then the end of the stream.</summary>
internal sealed partial class ClientCall<TRequest, TResponse>
{
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
}
