using TelemetryGateway.Contracts;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Hub;

internal sealed partial class IngestSession
{
    /// <summary>The only writer of responses after the handshake: acknowledges batches strictly in the order
    /// they arrived, each only after its store write returned.</summary>
    private async Task RunAckLoopAsync(GatewayState gateway, CancellationTokenSource abort)
    {
        var reader = _pending.Reader;
        try
        {
            while (await reader.WaitToReadAsync(abort.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var pending))
                {
                    StoreWriteResult result;
                    try
                    {
                        result = await pending.Write.ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!abort.IsCancellationRequested)
                    {
                        _storeFailure = ex;
                        _deps.Metrics.StoreWriteFailed();
                        HubLog.StoreWriteFailed(_deps.Logger, ex, gateway.Id, pending.Batch.Valid.Count);
                        abort.Cancel();
                        return;
                    }
                    _deps.Metrics.Stored(result.Inserted, result.Duplicates);
                    gateway.Stored(result.Inserted, result.Duplicates);
                    var ack = ToAck(pending.Batch);
                    foreach (var rejected in result.Rejected ?? [])
                    {
                        var rejection = _deps.Preparer.StoreRejected(pending.Batch, rejected);
                        ack.Rejections.Add(rejection);
                        gateway.Rejected(1);
                        HubLog.ReadingsRejected(_deps.Logger, gateway.Id, 1, rejection.Sequence, rejection.Reason, rejection.Message);
                    }
                    await WriteAsync(new HubMessage { Ack = ack }, abort.Token).ConfigureAwait(false);
                    _deps.Metrics.BatchAcked();
                    // Durable now: the dashboard may show them (a replayed duplicate shows again; viewers key by time).
                    _deps.Live?.Publish(pending.Batch.Valid, gateway.Id);
                    if (_deps.Links is { } links)
                    {
                        await links.ObserveAsync(pending.Batch.Valid, gateway.Id, abort.Token).ConfigureAwait(false);
                    }
                    if (pending.Batch.HighestSequence is { } highest)
                    {
                        gateway.Acked(highest, _deps.Time.GetUtcNow());
                    }
                }
            }
        }
        catch (Exception) when (abort.IsCancellationRequested)
        {
            // Replaced, the client went away, or a write failed: what is not acknowledged will be resent.
        }
        catch
        {
            abort.Cancel();
            throw;
        }
    }

    /// <summary>Every sequence of the batch is finished with: stored, already stored, or rejected.</summary>
    private static Ack ToAck(PreparedBatch batch)
    {
        var ack = new Ack();
        ack.Ranges.AddRange(IngestProtocol.ToRanges(batch.Sequences));
        ack.Rejections.AddRange(batch.Rejections);
        return ack;
    }

    /// <summary>Writes that will never be acknowledged (the stream ended first) still get observed.</summary>
    private void ForgetUnacknowledged()
    {
        while (_pending.Reader.TryRead(out var pending))
        {
            _ = pending.Write.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
