using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Gateway.Ingest;
using TelemetryGateway.Grpc;
using BufferRange = TelemetryGateway.Storage.EdgeBuffer.SequenceRange;

namespace TelemetryGateway.Gateway.Uplink;

internal sealed partial class UplinkSession
{
    /// <summary>Applies the hub's messages in order: each Ack answers the oldest batch in flight.</summary>
    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        while (await _call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
        {
            var message = _call.ResponseStream.Current;
            switch (message.BodyCase)
            {
                case HubMessage.BodyOneofCase.Ack:
                    await ApplyAckAsync(message.Ack, ct).ConfigureAwait(false);
                    break;
                case HubMessage.BodyOneofCase.Configuration:
                    await ApplyConfigurationAsync(message.Configuration, ct).ConfigureAwait(false);
                    break;
                default:
                    UplinkLog.UnexpectedMessage(_context.Logger, message.BodyCase.ToString());
                    break;
            }
        }

        throw new RpcException(StatusCode.Unavailable, "The hub ended the stream.");
    }

    /// <summary>
    /// Deletes exactly what the hub finished with: the ranges it stored, and the readings it rejected (a
    /// rejected reading is never worth resending). The deletion is queued to the buffer and the batch's slot
    /// freed at once; <see cref="CompleteDeletionsAsync"/> awaits the deletions in order, so consecutive acks
    /// share the buffer's group commit instead of waiting for one commit each.
    /// </summary>
    private async Task ApplyAckAsync(Ack ack, CancellationToken ct)
    {
        if (_window.Complete() is not { } batch)
        {
            throw new UplinkProtocolException("The hub sent an Ack with no batch outstanding.");
        }

        var ranges = new List<BufferRange>(ack.Ranges.Count + ack.Rejections.Count);
        foreach (var range in ack.Ranges)
        {
            if (range.First < 1 || range.Last < range.First)
            {
                throw new UplinkProtocolException($"The hub acknowledged an invalid range {range.First}..{range.Last}.");
            }

            ranges.Add(new BufferRange(range.First, range.Last));
        }

        foreach (var rejection in ack.Rejections)
        {
            _context.Metrics.HubRejected(rejection.Reason);
            UplinkLog.HubRejected(_context.Logger, rejection.Sequence, rejection.Reason, rejection.Message);
            if (rejection.Sequence >= 1)
            {
                ranges.Add(BufferRange.Single(rejection.Sequence));
            }
        }

        var deletion = _context.Buffer.AcknowledgeRangesAsync(ranges, ct);
        await _deletions.Writer.WriteAsync(new PendingDeletion(deletion, batch, ranges), ct).ConfigureAwait(false);
        _context.Signal.Wake();
    }

    /// <summary>Awaits each ack's deletion in order; a failed deletion fails the session (the items are resent).</summary>
    private async Task CompleteDeletionsAsync(CancellationToken ct)
    {
        await foreach (var pending in _deletions.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            var deleted = await pending.Deletion.ConfigureAwait(false);
            _context.Metrics.Acked(deleted);
            UplinkLog.Acknowledged(_context.Logger, pending.Batch.Count, deleted, _context.Time.GetElapsedTime(pending.Batch.SentAt).TotalMilliseconds);
            _context.OnAcknowledged?.Invoke(pending.Ranges);
            _context.Acked.Notify();
        }
    }

    private readonly record struct PendingDeletion(Task<long> Deletion, InFlightBatch Batch, IReadOnlyList<BufferRange> Ranges);

    private async Task ApplyConfigurationAsync(Configuration configuration, CancellationToken ct)
    {
        await _context.Bindings.UpdateAsync(configuration, ct).ConfigureAwait(false);
        _context.Alerts?.ApplyThresholds(configuration.Thresholds, configuration.Version);
        IngestLog.ConfigurationApplied(_context.Logger, configuration.Version, configuration.Bindings.Count);
    }
}
