namespace TelemetryGateway.Storage.Influx.Internal;

/// <summary>
/// The points this store's writer sent in the last <see cref="Window"/>, per device and kind, for a backend that
/// may not show its newest points to the next lookup (VictoriaMetrics). With a single writer, its own writes
/// are the truth the lookup may not have caught up with yet.
/// </summary>
/// <remarks>
/// <para>Measured against victoria-metrics 1.79 (tests/Storage.Tests VictoriaMetricsBurstTests, spine
/// BackendFaultTests): even after the snapshot that ends every write group, the export of the next group's
/// lookup sometimes missed points just written. The next group then took their milliseconds for other
/// readings, and with <c>-dedup.minScrapeInterval=1ms</c> one sample per millisecond survived: acknowledged
/// readings were lost (5,547 of 6,000 in one run).</para>
/// <para>A point of a group that failed is kept as <em>tentative</em>: it may or may not be stored. Its time
/// stays taken, and a replay of the same reading is written again at that same time (not at a new one, which
/// would store it twice if the first copy landed), where deduplication merges the two copies.</para>
/// </remarks>
internal sealed class RecentWrites(TimeSpan window, int maxPoints)
{
    private readonly Dictionary<(string Device, string Kind), Queue<Entry>> _bySeries = [];
    private readonly Queue<(long At, (string Device, string Kind) Series)> _order = new();
    private int _count;

    public TimeSpan Window { get; } = window;

    public int Count => _count;

    /// <summary>Remembers a point sent at <paramref name="now"/> (a timestamp of the writer's clock).</summary>
    public void Add(ExistingPoint point, bool tentative, long now)
    {
        var series = (point.Key.DeviceId, point.Key.Kind);
        if (!_bySeries.TryGetValue(series, out var queue))
        {
            _bySeries[series] = queue = new Queue<Entry>();
        }
        queue.Enqueue(new Entry(now, point, tentative));
        _order.Enqueue((now, series));
        _count++;
    }

    /// <summary>The remembered points of <paramref name="series"/> with a time in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public IEnumerable<(ExistingPoint Point, bool Tentative)> Of((string Device, string Kind) series, long from, long to)
    {
        if (!_bySeries.TryGetValue(series, out var queue))
        {
            yield break;
        }
        foreach (var entry in queue)
        {
            if (entry.Point.Time >= from && entry.Point.Time <= to)
            {
                yield return (entry.Point, entry.Tentative);
            }
        }
    }

    /// <summary>Forgets points sent before <paramref name="cutoff"/>, and the oldest beyond <c>maxPoints</c>.</summary>
    public void Expire(long cutoff)
    {
        while (_order.TryPeek(out var oldest) && (oldest.At < cutoff || _count > maxPoints))
        {
            _order.Dequeue();
            var queue = _bySeries[oldest.Series];
            queue.Dequeue();
            _count--;
            if (queue.Count == 0)
            {
                _bySeries.Remove(oldest.Series);
            }
        }
    }

    private readonly record struct Entry(long At, ExistingPoint Point, bool Tentative);
}
