using Google.Protobuf;
using TelemetryGateway.Contracts;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway.Uplink;

internal sealed partial class UplinkSession
{
    /// <summary>How long after the last urgent batch back-fill stays in reduced batches.</summary>
    private static readonly TimeSpan LiveQuietPeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Each round: alerts first, then live vitals, then back-fill, each as one batch of at most
    /// MaxBatchReadings and ~1 MiB, while the in-flight window has room; when there is nothing to send (or no
    /// room), wait for the sink's or the receiver's signal. GatewayStatus goes out every StatusInterval.
    /// While live vitals flow (an urgent batch within the last 5 s), back-fill goes in quarter-size batches:
    /// the hub answers in order, so a live batch waits for the back-fill ahead of it, and this keeps that wait
    /// to a fraction of one full batch's store time.
    /// </summary>
    private async Task SendLoopAsync(CancellationToken ct)
    {
        var signal = _context.Signal;
        var time = _context.Time;
        var nextStatus = time.GetUtcNow() + _context.Options.StatusInterval;
        var lastUrgent = long.MinValue;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (time.GetUtcNow() >= nextStatus)
            {
                await _call.RequestStream.WriteAsync(new GatewayMessage { Status = await StatusAsync(ct).ConfigureAwait(false) }, ct)
                    .ConfigureAwait(false);
                nextStatus = time.GetUtcNow() + _context.Options.StatusInterval;
            }

            if (_window.CanSendUrgent && signal.TakeUrgentHint())
            {
                // Alerts first, even ahead of live vitals buffered before them (a tunnel's backlog of vitals and
                // ECG would otherwise hold back an alert raised at its end); then live vitals in their own order.
                var alerts = await _context.Buffer.ReadBatchAsync(
                    _alertCursor, BufferPriority.Alert, _maxBatchReadings, UplinkContext.MaxBatchBytes, BufferPriority.Alert, ct).ConfigureAwait(false);
                if (alerts.Count > 0)
                {
                    _alertCursor = alerts[^1].Sequence;
                    lastUrgent = time.GetTimestamp();
                    signal.HintUrgent(); // live vitals, or more alerts
                    await SendBatchAsync(alerts, urgent: true, ct).ConfigureAwait(false);
                    continue;
                }
                var items = await _context.Buffer.ReadBatchAsync(
                    _urgentCursor, BufferPriority.Live, _maxBatchReadings, UplinkContext.MaxBatchBytes, BufferPriority.Live, ct).ConfigureAwait(false);
                if (items.Count > 0)
                {
                    _urgentCursor = items[^1].Sequence;
                    lastUrgent = time.GetTimestamp();
                    signal.HintUrgent(); // there may be more
                    await SendBatchAsync(items, urgent: true, ct).ConfigureAwait(false);
                    continue;
                }
            }

            if (_window.CanSendBulk && signal.TakeBulkHint())
            {
                var share = lastUrgent != long.MinValue && time.GetElapsedTime(lastUrgent) < LiveQuietPeriod ? 4 : 1;
                var items = await _context.Buffer.ReadBatchAsync(
                    _bulkCursor, BufferPriority.Bulk, Math.Max(1, _maxBatchReadings / share), UplinkContext.MaxBatchBytes / share, BufferPriority.Bulk, ct)
                    .ConfigureAwait(false);
                if (items.Count > 0)
                {
                    _bulkCursor = items[^1].Sequence;
                    signal.HintBulk();
                    await SendBatchAsync(items, urgent: false, ct).ConfigureAwait(false);
                    continue;
                }
            }

            var untilStatus = nextStatus - time.GetUtcNow();
            var wait = untilStatus < _context.SafetyInterval ? untilStatus : _context.SafetyInterval;
            if (wait > TimeSpan.Zero && !await signal.WaitAsync(wait, time, ct).ConfigureAwait(false))
            {
                signal.HintAll();
            }
        }
    }

    private async Task SendBatchAsync(IReadOnlyList<BufferedItem> items, bool urgent, CancellationToken ct)
    {
        var batch = new ReadingBatch();
        List<long>? unreadable = null;
        foreach (var item in items)
        {
            SequencedReading entry;
            try
            {
                // Alerts share the buffer and its sequence space; their key says which message the payload is.
                entry = item.DedupKey.StartsWith(AlertSignalMapper.KeyPrefix, StringComparison.Ordinal)
                    ? new SequencedReading { Sequence = item.Sequence, Alert = AlertSignal.Parser.ParseFrom(item.Payload) }
                    : item.DedupKey.StartsWith(AmbulanceUpdateKeys.KeyPrefix, StringComparison.Ordinal)
                    ? new SequencedReading { Sequence = item.Sequence, Ambulance = AmbulanceUpdate.Parser.ParseFrom(item.Payload) }
                    : new SequencedReading { Sequence = item.Sequence, Reading = Reading.Parser.ParseFrom(item.Payload) };
            }
            catch (InvalidProtocolBufferException ex)
            {
                // Written by this gateway, so this means a damaged payload; resending it could never succeed.
                UplinkLog.UnreadableItem(_context.Logger, item.Sequence, item.DedupKey, ex.Message);
                (unreadable ??= []).Add(item.Sequence);
                continue;
            }

            batch.Readings.Add(entry);
        }

        if (unreadable is not null)
        {
            _context.Metrics.Rejected("Unreadable", unreadable.Count);
            await _context.Buffer.AcknowledgeAsync(unreadable, ct).ConfigureAwait(false);
        }

        if (batch.Readings.Count == 0)
        {
            return;
        }

        _window.Add(new InFlightBatch(urgent, batch.Readings.Count, _context.Time.GetTimestamp()));
        await _call.RequestStream.WriteAsync(new GatewayMessage { Batch = batch }, ct).ConfigureAwait(false);
        _context.Metrics.Sent(batch.Readings.Count);
    }
}
