using System.Threading.Channels;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Grpc;
using TelemetryGateway.Grpc.Server;

namespace TelemetryGateway.Hub;

/// <summary>One gateway's Ingest.Stream (telemetry.proto): Hello → Welcome + Configuration → batches, each
/// acknowledged in order once its valid readings are durable.</summary>
/// <remarks>
/// Two loops share the call. The read loop validates each batch and starts its store write without waiting
/// for it, queueing the pending write into a bounded channel (<see cref="IngestDependencies.MaxWritesInFlight"/>):
/// a full channel stops reading, which backs the gateway off through HTTP/2 flow control. The ack loop is the
/// only writer of the response stream; it awaits the writes in batch order and sends each Ack only after its
/// write returned, so nothing is acknowledged that is not durable. A failed write ends the stream with
/// UNAVAILABLE; the gateway reconnects and resends everything unacknowledged, which the idempotent store absorbs.
/// </remarks>
internal sealed partial class IngestSession
{
    private readonly IngestDependencies _deps;
    private readonly IAsyncStreamReader<GatewayMessage> _requests;
    private readonly IServerStreamWriter<HubMessage> _responses;
    private readonly ServerCallContext _context;
    private readonly CancellationToken _stopping;
    private readonly Channel<PendingAck> _pending;
    private Exception? _storeFailure;

    public IngestSession(
        IngestDependencies deps, IAsyncStreamReader<GatewayMessage> requests, IServerStreamWriter<HubMessage> responses,
        ServerCallContext context, CancellationToken stopping)
    {
        _deps = deps;
        _requests = requests;
        _responses = responses;
        _context = context;
        _stopping = stopping;
        _pending = Channel.CreateBounded<PendingAck>(new BoundedChannelOptions(deps.MaxWritesInFlight)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public async Task RunAsync()
    {
        // Cancelled when the client goes, when a newer stream replaces this one, or when a write fails.
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(_context.CancellationToken);
        var hello = await ReadHelloAsync(abort.Token).ConfigureAwait(false);
        var gateway = _deps.Gateways.Get(hello.GatewayId);
        var handle = new IngestSessionHandle(abort);
        if (gateway.Attach(handle, hello, _context.Peer, _deps.Time.GetUtcNow()) is { } previous)
        {
            HubLog.GatewayReplaced(_deps.Logger, gateway.Id, _context.Peer);
            previous.Replace();
        }
        _deps.Metrics.GatewayConnected();
        HubLog.GatewayConnected(_deps.Logger, gateway.Id, _context.Peer, hello.SoftwareVersion, hello.Status?.BufferedReadings ?? 0);
        var outcome = "ended";
        try
        {
            outcome = await StreamAsync(gateway, handle, abort).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            outcome = ex is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : ex.GetType().Name;
            throw;
        }
        finally
        {
            gateway.Detach(handle, _deps.Time.GetUtcNow());
            _deps.Metrics.GatewayDisconnected();
            HubLog.GatewayDisconnected(_deps.Logger, gateway.Id, outcome);
        }
    }

    /// <summary>Runs the authenticated part of the stream; returns how it ended when that is OK, else throws the status.</summary>
    private async Task<string> StreamAsync(GatewayState gateway, IngestSessionHandle handle, CancellationTokenSource abort)
    {
        await _responses.WriteAsync(new HubMessage
        {
            Welcome = new Welcome { HubId = _deps.HubId, MaxBatchReadings = _deps.MaxBatchReadings },
        }, abort.Token).ConfigureAwait(false);
        var configuration = InitialConfiguration();
        await _responses.WriteAsync(new HubMessage { Configuration = configuration }, abort.Token).ConfigureAwait(false);

        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(abort.Token, _stopping);
        using var stopPushing = CancellationTokenSource.CreateLinkedTokenSource(abort.Token);
        var pushes = PushConfigurationsAsync(gateway, configuration.Version, stopPushing.Token);
        var acks = RunAckLoopAsync(gateway, abort);
        RpcException? protocolError = null;
        try
        {
            protocolError = await ReadBatchesAsync(gateway, stopReading.Token, abort.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopReading.IsCancellationRequested)
        {
            // Replaced, stopping, or a write failed: decided below.
        }
        catch
        {
            abort.Cancel(); // The client is gone or sent garbage: nothing more will be acknowledged.
            throw;
        }
        finally
        {
            _pending.Writer.TryComplete();
        }
        try
        {
            await acks.ConfigureAwait(false);
        }
        finally
        {
            ForgetUnacknowledged();
            await stopPushing.CancelAsync().ConfigureAwait(false);
            await pushes.ConfigureAwait(false);
        }

        if (_storeFailure is { } failure)
        {
            throw new RpcException(StatusCode.Unavailable, $"The hub could not store a batch ({failure.GetType().Name}); resend the unacknowledged readings.");
        }
        if (handle.Replaced)
        {
            throw new RpcException(StatusCode.Aborted, $"Gateway '{gateway.Id}' opened a newer stream; this one is closed.");
        }
        _context.CancellationToken.ThrowIfCancellationRequested();
        if (protocolError is { } error)
        {
            HubLog.ProtocolViolation(_deps.Logger, gateway.Id, error.Status.Detail);
            throw error;
        }
        if (_stopping.IsCancellationRequested)
        {
            throw ShuttingDown();
        }
        return "the gateway closed the stream";
    }

    /// <summary>A batch whose store write is under way, waiting for its turn to be acknowledged.</summary>
    private sealed record PendingAck(PreparedBatch Batch, Task<Storage.SeriesStore.StoreWriteResult> Write);
}
