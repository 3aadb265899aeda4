using System.Collections.Concurrent;
using TelemetryGateway.Contracts;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Grpc;
using TelemetryGateway.Grpc.Server;

namespace TelemetryGateway.Hub;

/// <summary>telemetry.v1.Ingest: runs one <see cref="IngestSession"/> per stream and ends them all, after
/// their in-flight acknowledgements, when the hub stops.</summary>
internal sealed class IngestService(IngestDependencies deps) : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public ServerServiceDefinition BindService() => ServerServiceDefinition.CreateBuilder()
        .AddMethod(IngestServiceDescriptor.Stream, StreamAsync)
        .Build();

    /// <summary>Streams still running.</summary>
    public int ActiveStreams => _running.Count;

    /// <summary>Stops reading new batches on every stream, lets each acknowledge what it has in flight, and
    /// waits until every stream has ended (with UNAVAILABLE, so that gateways reconnect elsewhere or later).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task StreamAsync(IAsyncStreamReader<GatewayMessage> requests, IServerStreamWriter<HubMessage> responses, ServerCallContext context)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _running.TryAdd(done.Task, 0);
        try
        {
            if (_stopping.IsCancellationRequested)
            {
                throw new RpcException(StatusCode.Unavailable, "The hub is shutting down.");
            }
            await new IngestSession(deps, requests, responses, context, _stopping.Token).RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(done.Task, out _);
            done.TrySetResult();
        }
    }
}
