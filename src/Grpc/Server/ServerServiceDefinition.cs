namespace TelemetryGateway.Grpc.Server;

/// <summary>
/// The methods of one service bound to their handlers: typed by <see cref="Method{TRequest,TResponse}"/>,
/// so a handler can only be bound to a method of its message types.
/// </summary>
public sealed class ServerServiceDefinition
{
    private ServerServiceDefinition(IReadOnlyList<IServerMethodHandler> handlers) => Handlers = handlers;

    internal IReadOnlyList<IServerMethodHandler> Handlers { get; }

    public IEnumerable<string> MethodNames => Handlers.Select(h => h.FullName);

    public static Builder CreateBuilder() => new();

    public sealed class Builder
    {
        private readonly List<IServerMethodHandler> _handlers = [];

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler)
        {
            Expect(method, MethodType.Unary);
            return Add(method, async call =>
            {
                var request = await call.ReadSingleRequestAsync().ConfigureAwait(false);
                var response = await handler(request, call.Context).ConfigureAwait(false);
                await call.WriteAsync(response).ConfigureAwait(false);
            });
        }

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler)
        {
            Expect(method, MethodType.ClientStreaming);
            return Add(method, async call =>
            {
                var response = await handler(call, call.Context).ConfigureAwait(false);
                await call.WriteAsync(response).ConfigureAwait(false);
            });
        }

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler)
        {
            Expect(method, MethodType.ServerStreaming);
            return Add(method, async call =>
            {
                var request = await call.ReadSingleRequestAsync().ConfigureAwait(false);
                await handler(request, call, call.Context).ConfigureAwait(false);
            });
        }

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler)
        {
            Expect(method, MethodType.DuplexStreaming);
            return Add(method, call => handler(call, call, call.Context));
        }

        public ServerServiceDefinition Build() => new(_handlers.ToArray());

        private Builder Add<TRequest, TResponse>(Method<TRequest, TResponse> method, Func<ServerCall<TRequest, TResponse>, Task> body)
        {
            _handlers.Add(new ServerMethodHandler<TRequest, TResponse>(method, body));
            return this;
        }

        private static void Expect<TRequest, TResponse>(Method<TRequest, TResponse> method, MethodType type)
        {
            if (method.Type != type)
            {
                throw new ArgumentException($"{method.FullName} is a {method.Type} method; the handler is for {type}.", nameof(method));
            }
        }
    }
}
