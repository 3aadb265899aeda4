using System.Runtime.CompilerServices;

namespace TelemetryGateway.Grpc.Client;

/// <summary>What every client call exposes besides its messages.</summary>
internal interface ICallState : IDisposable
{
    Task<Metadata> ResponseHeadersAsync { get; }
    Status GetStatus();
    Metadata GetTrailers();
}

public abstract class ClientCallBase : IDisposable
{
    private readonly ICallState _state;

    private protected ClientCallBase(ICallState state) => _state = state;

    /// <summary>The server's response headers (custom metadata only).</summary>
    public Task<Metadata> ResponseHeadersAsync => _state.ResponseHeadersAsync;

    /// <summary>The final status; only once the call has ended.</summary>
    public Status GetStatus() => _state.GetStatus();

    /// <summary>The trailers; only once the call has ended.</summary>
    public Metadata GetTrailers() => _state.GetTrailers();

    /// <summary>Ends the call: an unfinished call is cancelled (RST_STREAM CANCEL).</summary>
    public void Dispose() => _state.Dispose();
}

public sealed class AsyncUnaryCall<TResponse> : ClientCallBase
{
    internal AsyncUnaryCall(Task<TResponse> response, ICallState state) : base(state) => ResponseAsync = response;

    public Task<TResponse> ResponseAsync { get; }

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();
}

public sealed class AsyncServerStreamingCall<TResponse> : ClientCallBase
{
    internal AsyncServerStreamingCall(IAsyncStreamReader<TResponse> responses, ICallState state) : base(state) => ResponseStream = responses;

    public IAsyncStreamReader<TResponse> ResponseStream { get; }
}

public sealed class AsyncClientStreamingCall<TRequest, TResponse> : ClientCallBase
{
    internal AsyncClientStreamingCall(IClientStreamWriter<TRequest> requests, Task<TResponse> response, ICallState state) : base(state)
    {
        RequestStream = requests;
        ResponseAsync = response;
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public Task<TResponse> ResponseAsync { get; }

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();
}

public sealed class AsyncDuplexStreamingCall<TRequest, TResponse> : ClientCallBase
{
    internal AsyncDuplexStreamingCall(IClientStreamWriter<TRequest> requests, IAsyncStreamReader<TResponse> responses, ICallState state) : base(state)
    {
        RequestStream = requests;
        ResponseStream = responses;
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }
}
