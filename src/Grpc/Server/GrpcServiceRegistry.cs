using System.Collections.Frozen;

namespace TelemetryGateway.Grpc.Server;

/// <summary>The services a server exposes, looked up by request path.</summary>
public sealed class GrpcServiceRegistry
{
    private readonly Dictionary<string, IServerMethodHandler> _byPath = new(StringComparer.Ordinal);
    private FrozenDictionary<string, IServerMethodHandler> _frozen = FrozenDictionary<string, IServerMethodHandler>.Empty;

    public void Add(ServerServiceDefinition service)
    {
        lock (_byPath)
        {
            foreach (var handler in service.Handlers)
            {
                if (!_byPath.TryAdd(handler.FullName, handler))
                {
                    throw new InvalidOperationException($"Method {handler.FullName} is already registered.");
                }
            }
            _frozen = _byPath.ToFrozenDictionary(StringComparer.Ordinal);
        }
    }

    internal bool TryGet(string path, out IServerMethodHandler handler) => _frozen.TryGetValue(path, out handler!);
}
