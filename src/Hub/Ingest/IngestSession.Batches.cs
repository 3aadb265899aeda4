using TelemetryGateway.Contracts.V1;
using Reading = TelemetryGateway.Core.Reading;
using TelemetryGateway.Grpc;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Hub;

internal sealed partial class IngestSession
{
    private static readonly Task<StoreWriteResult> NothingToStore = Task.FromResult(default(StoreWriteResult));

    /// <summary>Reads batches until the gateway half-closes, starting each one's store write and queueing it
    /// for the ack loop; waits for a free slot before taking the next batch.</summary>
    /// <returns>Null when the gateway half-closed or the ack loop gave up; the status to end with when the gateway broke the protocol.</returns>
    private async Task<RpcException?> ReadBatchesAsync(GatewayState gateway, CancellationToken read, CancellationToken abort)
    {
        while (await _requests.MoveNext(read).ConfigureAwait(false))
        {
            var message = _requests.Current;
            var now = _deps.Time.GetUtcNow();
            switch (message.BodyCase)
            {
                case GatewayMessage.BodyOneofCase.Batch:
                    var count = message.Batch.Readings.Count;
                    if (count > _deps.MaxBatchReadings)
                    {
                        return new RpcException(StatusCode.InvalidArgument,
                            $"A batch of {count} readings exceeds this hub's limit of {_deps.MaxBatchReadings} (Welcome.max_batch_readings).");
                    }
                    if (!await _pending.Writer.WaitToWriteAsync(read).ConfigureAwait(false))
                    {
                        return null;
                    }
                    _deps.Metrics.Received(count);
                    gateway.Received(count);
                    gateway.Contact(now);
                    var batch = _deps.Preparer.Prepare(message.Batch, now);
                    if (batch.Rejections is [var first, ..])
                    {
                        gateway.Rejected(batch.Rejections.Count);
                        HubLog.ReadingsRejected(_deps.Logger, gateway.Id, batch.Rejections.Count, first.Sequence, first.Reason, first.Message);
                    }
                    foreach (var ambulance in batch.Ambulances)
                    {
                        _deps.Ambulances.Apply(ambulance, gateway.Id);
                    }
                    var write = batch.Alerts.Count > 0
                        ? StoreWithAlertsAsync(batch, gateway.Id, abort)
                        : batch.Valid.Count == 0 ? NothingToStore : StoreAsync(batch.Valid, gateway.Id, abort);
                    // Single writer and a slot was free: this cannot fail unless the ack loop has given up.
                    if (!_pending.Writer.TryWrite(new PendingAck(batch, write)))
                    {
                        return null;
                    }
                    break;
                case GatewayMessage.BodyOneofCase.Status:
                    gateway.StatusReported(message.Status, now);
                    break;
                case GatewayMessage.BodyOneofCase.Hello:
                    return new RpcException(StatusCode.InvalidArgument, "Hello may only be the first message of a stream.");
                default:
                    // A message kind from a newer gateway: it still shows the gateway is alive.
                    gateway.Contact(now);
                    break;
            }
        }
        return null;
    }

    /// <summary>Stores the readings, then applies the alerts in batch order; the ack waits for both.</summary>
    private async Task<StoreWriteResult> StoreWithAlertsAsync(PreparedBatch batch, string gatewayId, CancellationToken abort)
    {
        var result = batch.Valid.Count == 0 ? default : await StoreAsync(batch.Valid, gatewayId, abort).ConfigureAwait(false);
        foreach (var alert in batch.Alerts)
        {
            await _deps.Alerts.ApplyAsync(alert, gatewayId, abort).ConfigureAwait(false);
        }

        _deps.Metrics.AlertSignals(batch.Alerts.Count);
        return result;
    }

    private async Task<StoreWriteResult> StoreAsync(List<Reading> readings, string gatewayId, CancellationToken abort)
    {
        var started = _deps.Time.GetTimestamp();
        var result = await _deps.Store.WriteAsync(readings, gatewayId, abort).ConfigureAwait(false);
        _deps.Metrics.StoreWriteSeconds.Observe(_deps.Time.GetElapsedTime(started));
        return result;
    }
}
