using System.Threading.Channels;
using TelemetryGateway.Storage.SeriesStore.Internal;

namespace TelemetryGateway.Storage.Influx.Internal;

// The loop's work on one group: take it off the queue, then look up, plan, send and complete its callers.
internal sealed partial class BatchWriter
{
    /// <summary>Takes queued batches while they fit (a batch is never split; a larger one goes alone), and
    /// while the group is short of the size, waits up to the delay for more.</summary>
    private async Task TakeGroupAsync(ChannelReader<WriteRequest> reader, List<WriteRequest> group)
    {
        var readings = 0;
        var startedAt = _clock.GetTimestamp();
        while (true)
        {
            WriteRequest.TakeFitting(reader, group, ref readings, _settings.MaxGroupReadings);
            var remaining = _settings.MaxGroupDelay - _clock.GetElapsedTime(startedAt);
            if (group.Count == 0 || readings >= _settings.MaxGroupReadings || remaining <= TimeSpan.Zero || reader.TryPeek(out _))
            {
                return; // full, out of time, or the next batch does not fit
            }
            using var wait = new CancellationTokenSource(remaining, _clock);
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task WriteGroupAsync(List<WriteRequest> group)
    {
        var startedAt = _clock.GetTimestamp();
        try
        {
            if (_unsettled)
            {
                // Settle first (VictoriaMetrics: snapshot = flush + persist). Otherwise the lookup below could
                // miss points of the failed group that are still only in memory: a replay would then be
                // written again (a second sample, merged only by -dedup.minScrapeInterval), or a reading found
                // as a duplicate would be acknowledged while its stored copy is not yet durable.
                await _backend.AfterWriteAsync(CancellationToken.None).ConfigureAwait(false);
                _unsettled = false;
            }
            var frontiers = await FrontiersAsync(group).ConfigureAwait(false);
            var lookup = LookupFor(group, frontiers);
            var existing = lookup is null ? [] : await _backend.FindExistingAsync(lookup, CancellationToken.None).ConfigureAwait(false);
            _recent?.Expire(_clock.GetTimestamp() - (long)(_recent.Window.TotalSeconds * _clock.TimestampFrequency));
            var plan = Plan(group, existing);
            if (plan.Count > 0)
            {
                try
                {
                    await SendAsync(plan).ConfigureAwait(false);
                    await _backend.AfterWriteAsync(CancellationToken.None).ConfigureAwait(false);
                    Remember(plan, tentative: !_backend.DurableAfterWrite);
                }
                catch
                {
                    Remember(plan, tentative: true);
                    _unsettled = true;
                    // Part of a failed group may be stored: forget what we knew and ask again next time.
                    foreach (var (request, index, _) in plan)
                    {
                        _frontiers.Remove((request.Readings[index].DeviceId, request.Readings[index].Kind));
                    }
                    throw;
                }
                if (frontiers)
                {
                    foreach (var (request, index, time) in plan)
                    {
                        var reading = request.Readings[index];
                        var series = (reading.DeviceId, reading.Kind);
                        _frontiers[series] = _frontiers.GetValueOrDefault(series, Frontier.Empty).After(time, reading.DeviceRecordNumber);
                    }
                }
            }
            _faulted = false;
            _metrics?.GroupWritten(plan.Count, _clock.GetElapsedTime(startedAt));
            foreach (var request in group)
            {
                if (request.Result.Conflicts > 0)
                {
                    InfluxLog.Conflicts(_logger, request.Result.Conflicts, request.GatewayId, request.FirstConflict!.Value.ToString());
                }
                request.Completion.TrySetResult(request.Result);
            }
        }
        catch (Exception ex)
        {
            _faulted = true;
            _metrics?.GroupFailed(ex.Message, _clock.GetUtcNow());
            InfluxLog.GroupFailed(_logger, ex, group.Sum(r => r.Keys.Length));
            foreach (var request in group)
            {
                request.Completion.TrySetException(ex);
            }
        }
    }
}
