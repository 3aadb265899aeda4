namespace TelemetryGateway.Grpc.Client;

/// <summary>How a call ends: its status and trailers, the deadline, cancellation, disposal.</summary>
internal sealed partial class ClientCall<TRequest, TResponse>
{
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
