using TelemetryGateway.Storage.Influx.LineProtocol;
using TelemetryGateway.Storage.SeriesStore.Internal;

namespace TelemetryGateway.Storage.Influx.Internal;

// Encoding the plan into requests of at most MaxLinesPerRequest lines, a few in flight, and storage-order numbers.
internal sealed partial class BatchWriter
{
    /// <summary>Most write requests of one group in flight at once: while the server parses and fsyncs one
    /// request the next is encoded and sent (one at a time left both sides idle half the time: store-bench).</summary>
    private const int MaxRequestsInFlight = 3;

    private async Task SendAsync(List<(WriteRequest Request, int Index, long Time)> plan)
    {
        var storedAt = _clock.GetUtcNow();
        var inFlight = new List<Task>();
        try
        {
            for (var start = 0; start < plan.Count; start += _settings.MaxLinesPerRequest)
            {
                var chunk = plan.GetRange(start, Math.Min(_settings.MaxLinesPerRequest, plan.Count - start));
                var lines = new LineProtocolWriter();
                var first = NextSequence(chunk.Count);
                for (var i = 0; i < chunk.Count; i++)
                {
                    var (request, index, time) = chunk[i];
                    _backend.Append(lines, request.Readings[index], time, request.GatewayId, storedAt, first + i);
                }
                if (inFlight.Count >= MaxRequestsInFlight)
                {
                    var done = await Task.WhenAny(inFlight).ConfigureAwait(false);
                    inFlight.Remove(done);
                    await done.ConfigureAwait(false); // a failure ends the group here
                }
                inFlight.Add(_sender.SendAsync(lines, line => IndexOf(chunk, line, storedAt, first), CancellationToken.None));
            }
        }
        finally
        {
            // Never leave a request running past the group: its outcome decides what the group reports.
            try
            {
                await Task.WhenAll(inFlight).ConfigureAwait(false);
            }
            catch when (inFlight.Count > 0)
            {
                // Rethrown below when no earlier failure is already on its way out.
            }
        }
        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    /// <summary>The index in its caller's batch of the reading whose line the server quoted (only on errors).</summary>
    private int? IndexOf(List<(WriteRequest Request, int Index, long Time)> chunk, string line, DateTimeOffset storedAt, long first)
    {
        var one = new LineProtocolWriter();
        for (var i = 0; i < chunk.Count; i++)
        {
            one.Clear();
            var (request, index, time) = chunk[i];
            _backend.Append(one, request.Readings[index], time, request.GatewayId, storedAt, first + i);
            if (one.ToString().AsSpan().TrimEnd('\n').SequenceEqual(line))
            {
                return index;
            }
        }
        return null;
    }

    /// <summary>Reserves <paramref name="count"/> storage-order numbers: microseconds of the real clock, or one
    /// more than the last when the clock has not moved (or went back). Ties in effective time are
    /// ordered by it; microseconds stay exact in a double, which VictoriaMetrics stores.</summary>
    private long NextSequence(int count)
    {
        var now = (TimeProvider.System.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        var first = Math.Max(_sequence + 1, now);
        _sequence = first + count - 1;
        return first;
    }
}
