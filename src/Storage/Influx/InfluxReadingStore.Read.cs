using System.Text;
using TelemetryGateway.Storage.Influx.Internal;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Storage.Influx;

public sealed partial class InfluxReadingStore
{
    /// <inheritdoc />
    /// <remarks>
    /// A point is stored at its effective time, or a few nanoseconds later within the same millisecond when
    /// its device and kind already had a point there (README.md "Schema"). So whole milliseconds inside
    /// [From, To) are asked with <c>ORDER BY time … LIMIT n</c> and the partial milliseconds at either end
    /// are fetched whole and filtered on the exact effective time. Results are sorted by (effective tick,
    /// storage sequence); when the limit cuts through a millisecond, that millisecond is fetched whole too,
    /// so the cut falls in exactly that order.
    /// </remarks>
    public async Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var newestFirst = query.Order == QueryOrder.NewestFirst;
        var range = TimeRange.Of(query);
        var rows = new List<Row>();
        if (range.HasInterior)
        {
            var statement = Select(query, range.InteriorFrom, range.InteriorTo) + $" ORDER BY time {(newestFirst ? "DESC" : "ASC")} LIMIT {query.Limit}";
            rows.AddRange(Rows((await _query.QueryAsync([statement], cancellationToken).ConfigureAwait(false))[0]));
            if (rows.Count == query.Limit)
            {
                var cut = InfluxSchema.MsStart(rows[^1].Time);
                rows.RemoveAll(r => InfluxSchema.MsStart(r.Time) == cut);
                rows.AddRange(await WholeMillisecondsAsync(query, [cut], range, cancellationToken).ConfigureAwait(false));
            }
        }
        rows.AddRange(await WholeMillisecondsAsync(query, range.Edges, range, cancellationToken).ConfigureAwait(false));
        rows.Sort((a, b) => a.CompareTo(b) * (newestFirst ? -1 : 1));
        return [.. rows.Take(query.Limit).Select(r => r.Stored)];
    }

    /// <inheritdoc />
    /// <remarks><c>GROUP BY "kind" ORDER BY time DESC LIMIT 1</c> finds each kind's last millisecond; that
    /// millisecond is then read whole (one more statement per kind, same request) and the latest by
    /// (effective tick, storage sequence) wins, so readings at one instant from two devices are ordered too.</remarks>
    public async Task<IReadOnlyDictionary<string, StoredReading>> LatestAsync(ReadingScope scope, CancellationToken cancellationToken = default)
    {
        if (scope.PatientId is null && scope.DeviceId is null)
        {
            throw new ArgumentException("The scope names neither a patient nor a device; use ReadingScope.Patient or ReadingScope.Device.", nameof(scope));
        }
        ObjectDisposedException.ThrowIf(_disposed, this);
        var filter = scope.PatientId is { } patient
            ? new ReadingQuery { PatientId = patient }
            : new ReadingQuery { DeviceId = scope.DeviceId };
        var last = Select(filter, null, null) + $" GROUP BY {InfluxQl.Identifier(InfluxSchema.Kind)} ORDER BY time DESC LIMIT 1";
        var lastRows = Rows((await _query.QueryAsync([last], cancellationToken).ConfigureAwait(false))[0]);
        if (lastRows.Count == 0)
        {
            return new Dictionary<string, StoredReading>(StringComparer.Ordinal);
        }
        var statements = lastRows
            .Select(r => Select(filter with { Kind = r.Stored.Reading.Kind }, InfluxSchema.MsStart(r.Time), InfluxSchema.MsStart(r.Time) + InfluxSchema.NsPerMs))
            .ToArray();
        var latest = new Dictionary<string, Row>(StringComparer.Ordinal);
        foreach (var row in (await _query.QueryAsync(statements, cancellationToken).ConfigureAwait(false)).SelectMany(Rows))
        {
            var kind = row.Stored.Reading.Kind;
            if (!latest.TryGetValue(kind, out var best) || row.CompareTo(best) > 0)
            {
                latest[kind] = row;
            }
        }
        return latest.ToDictionary(p => p.Key, p => p.Value.Stored, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(ReadingQuery? query = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        query ??= new ReadingQuery();
        var range = TimeRange.Of(query);
        long count = 0;
        if (range.HasInterior)
        {
            var statement = $"SELECT count({InfluxQl.Identifier(InfluxSchema.Value)}) FROM {InfluxQl.Identifier(_options.Measurement)}{Where(query, range.InteriorFrom, range.InteriorTo)}";
            foreach (var series in (await _query.QueryAsync([statement], cancellationToken).ConfigureAwait(false))[0])
            {
                var column = series.Column("count");
                count += series.Rows.Sum(r => r[column] is long n ? n : 0);
            }
        }
        count += (await WholeMillisecondsAsync(query, range.Edges, range, cancellationToken).ConfigureAwait(false)).Count;
        return count;
    }

    /// <summary>Every reading matching <paramref name="query"/>'s tags in the milliseconds starting at
    /// <paramref name="starts"/>, kept when its effective time is inside <paramref name="range"/>.</summary>
    private async Task<List<Row>> WholeMillisecondsAsync(ReadingQuery query, IReadOnlyList<long> starts, TimeRange range, CancellationToken cancellationToken)
    {
        if (starts.Count == 0)
        {
            return [];
        }
        var statements = starts.Select(ms => Select(query, ms, ms + InfluxSchema.NsPerMs)).ToArray();
        var results = await _query.QueryAsync(statements, cancellationToken).ConfigureAwait(false);
        return [.. results.SelectMany(Rows).Where(r => range.Contains(r.Tick))];
    }

    private string Select(ReadingQuery query, long? from, long? to) =>
        $"SELECT * FROM {InfluxQl.Identifier(_options.Measurement)}{Where(query, from, to)}";

    /// <summary>The WHERE clause of <paramref name="query"/>'s tag filters and [<paramref name="from"/>, <paramref name="to"/>) in nanoseconds.</summary>
    private static string Where(ReadingQuery query, long? from, long? to)
    {
        var text = new StringBuilder();
        void Add(string condition) => text.Append(text.Length == 0 ? " WHERE " : " AND ").Append(condition);
        void Tag(string tag, string? value)
        {
            if (value is not null)
            {
                Add($"{InfluxQl.Identifier(tag)} = {InfluxQl.Literal(TagCodec.Encode(value))}");
            }
        }
        Tag(InfluxSchema.Device, query.DeviceId);
        Tag(InfluxSchema.Patient, query.PatientId);
        Tag(InfluxSchema.Kind, query.Kind);
        if (from is { } f)
        {
            Add($"time >= {InfluxQl.Time(f)}");
        }
        if (to is { } t)
        {
            Add($"time < {InfluxQl.Time(t)}");
        }
        return text.ToString();
    }

    private static List<Row> Rows(List<InfluxSeries> series)
    {
        var rows = new List<Row>();
        foreach (var one in series)
        {
            var columns = new InfluxSchema.Columns(one);
            foreach (var cells in one.Rows)
            {
                var (tick, sequence, stored) = InfluxSchema.Read(one, columns, cells);
                rows.Add(new Row(cells[columns.Time] is long time ? time : 0, tick, sequence, stored));
            }
        }
        return rows;
    }

    /// <summary>A stored reading with its point time (ns), effective tick and storage sequence.</summary>
    private readonly record struct Row(long Time, long Tick, long Sequence, StoredReading Stored) : IComparable<Row>
    {
        public int CompareTo(Row other) => (Tick, Sequence).CompareTo((other.Tick, other.Sequence));
    }

    /// <summary>[From, To) of a query split into whole milliseconds (asked with LIMIT) and the partial
    /// milliseconds at its ends (fetched whole and filtered on the exact tick).</summary>
    private readonly record struct TimeRange(long? FromTick, long? ToTick, long? InteriorFrom, long? InteriorTo, bool HasInterior, long[] Edges)
    {
        public static TimeRange Of(ReadingQuery query)
        {
            long? from = query.From is { } f ? InfluxSchema.TimeOf(f) : null;
            long? to = query.To is { } t ? InfluxSchema.TimeOf(t) : null;
            // Whole milliseconds: from rounded up, to rounded down.
            long? interiorFrom = from is { } a ? (InfluxSchema.MsStart(a) == a ? a : InfluxSchema.MsStart(a) + InfluxSchema.NsPerMs) : null;
            long? interiorTo = to is { } b ? InfluxSchema.MsStart(b) : null;
            var edges = new List<long>(2);
            if (from is { } x && InfluxSchema.MsStart(x) != x)
            {
                edges.Add(InfluxSchema.MsStart(x));
            }
            if (to is { } y && InfluxSchema.MsStart(y) != y && !edges.Contains(InfluxSchema.MsStart(y)))
            {
                edges.Add(InfluxSchema.MsStart(y));
            }
            var hasInterior = interiorFrom is null || interiorTo is null || interiorFrom < interiorTo;
            return new(query.From?.UtcTicks, query.To?.UtcTicks, interiorFrom, interiorTo, hasInterior, [.. edges]);
        }

        public bool Contains(long tick) => (FromTick is not { } f || tick >= f) && (ToTick is not { } t || tick < t);
    }
}
