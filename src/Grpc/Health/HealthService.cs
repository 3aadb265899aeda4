using System.Threading.Channels;
using TelemetryGateway.Grpc.Health.V1;
using TelemetryGateway.Grpc.Server;
using ServingStatus = TelemetryGateway.Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TelemetryGateway.Grpc.Health;

/// <summary>
/// grpc.health.v1.Health: Check answers NOT_FOUND for a service it does not know; Watch sends the current
/// status (SERVICE_UNKNOWN if unknown) and then every change. "" is the server as a whole.
/// </summary>
public sealed class HealthService
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal) { [""] = ServingStatus.Serving };
    private readonly List<(string Service, Channel<ServingStatus> Updates)> _watchers = [];

    public void SetStatus(string service, ServingStatus status)
    {
        lock (_lock)
        {
            _statuses[service] = status;
            foreach (var (watched, updates) in _watchers)
            {
                if (watched == service)
                {
                    updates.Writer.TryWrite(status);
                }
            }
        }
    }

    public ServingStatus? GetStatus(string service)
    {
        lock (_lock)
        {
            return _statuses.TryGetValue(service, out var status) ? status : null;
        }
    }

    public ServerServiceDefinition BindService() => ServerServiceDefinition.CreateBuilder()
        .AddMethod(HealthServiceDescriptor.Check, CheckAsync)
        .AddMethod(HealthServiceDescriptor.Watch, WatchAsync)
        .Build();

    private Task<HealthCheckResponse> CheckAsync(HealthCheckRequest request, ServerCallContext context) =>
        GetStatus(request.Service) is { } status
            ? Task.FromResult(new HealthCheckResponse { Status = status })
            : throw new RpcException(StatusCode.NotFound, $"Unknown service '{request.Service}'.");

    private async Task WatchAsync(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responses, ServerCallContext context)
    {
        // Only the latest status matters to a watcher: a slow one skips intermediate changes.
        var updates = Channel.CreateBounded<ServingStatus>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var entry = (request.Service, updates);
        lock (_lock)
        {
            updates.Writer.TryWrite(_statuses.TryGetValue(request.Service, out var current) ? current : ServingStatus.ServiceUnknown);
            _watchers.Add(entry);
        }
        try
        {
            await foreach (var status in updates.Reader.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
            {
                await responses.WriteAsync(new HealthCheckResponse { Status = status }, context.CancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(entry);
            }
        }
    }
}
