using TelemetryGateway.Storage.SeriesStore;
using TelemetryGateway.Storage.VictoriaMetrics.Internal;

namespace TelemetryGateway.Storage.VictoriaMetrics;

public sealed partial class VictoriaMetricsReadingStore
{
    /// <inheritdoc />
    /// <remarks>Exports every matching sample in the range (export cannot order or limit), joins the field
    /// series into readings, filters on the exact effective time, sorts by (effective tick, storage
    /// sequence) and takes the limit here: cost grows with the range asked, not with the limit.</remarks>
    public async Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var rows = await ReadAsync(query, [], cancellationToken).ConfigureAwait(false);
        var newestFirst = query.Order == QueryOrder.NewestFirst;
        rows.Sort((a, b) => (a.Tick, a.Sequence).CompareTo((b.Tick, b.Sequence)) * (newestFirst ? -1 : 1));
        return [.. rows.Take(query.Limit).Select(r => r.Stored)];
    }

    /// <inheritdoc />
    /// <remarks>Reads the scope's whole history (export has no "last"); fine for meters and vitals over
    /// months, slow for years of 1 Hz monitor data.</remarks>
    public async Task<IReadOnlyDictionary<string, StoredReading>> LatestAsync(ReadingScope scope, CancellationToken cancellationToken = default)
    {
        if (scope.PatientId is null && scope.DeviceId is null)
        {
            throw new ArgumentException("The scope names neither a patient nor a device; use ReadingScope.Patient or ReadingScope.Device.", nameof(scope));
        }
        ObjectDisposedException.ThrowIf(_disposed, this);
        var query = new ReadingQuery { PatientId = scope.PatientId, DeviceId = scope.DeviceId };
        var latest = new Dictionary<string, (long Tick, long Sequence, StoredReading Stored)>(StringComparer.Ordinal);
        foreach (var row in await ReadAsync(query, [], cancellationToken).ConfigureAwait(false))
        {
            var kind = row.Stored.Reading.Kind;
            if (!latest.TryGetValue(kind, out var best) || (row.Tick, row.Sequence).CompareTo((best.Tick, best.Sequence)) > 0)
            {
                latest[kind] = row;
            }
        }
        return latest.ToDictionary(p => p.Key, p => p.Value.Stored, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    /// <remarks>Counts exported <c>value</c> samples (with <c>tick</c> for the exact range ends).</remarks>
    public async Task<long> CountAsync(ReadingQuery? query = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return (await ReadAsync(query ?? new ReadingQuery(), [VmSchema.Value, VmSchema.Tick], cancellationToken).ConfigureAwait(false)).Count;
    }

    /// <summary>Readings matching <paramref name="query"/>'s filters, in no order; only <paramref name="fields"/>
    /// are fetched when given (then the readings are partial, good for counting).</summary>
    private async Task<List<(long Tick, long Sequence, StoredReading Stored)>> ReadAsync(ReadingQuery query, string[] fields, CancellationToken cancellationToken)
    {
        var filters = new[] { (VmSchema.Device, query.DeviceId), (VmSchema.Patient, query.PatientId), (VmSchema.Kind, query.Kind) };
        var selector = VmSelector.For(_options.Measurement, fields.Length == 0 ? VmSchema.ReadingFields : fields, filters);
        // A reading moved by a collision sits up to MaxShiftMs after its own millisecond.
        long? start = query.From is { } from ? (long)Math.Floor((from - DateTimeOffset.UnixEpoch).TotalMilliseconds) : null;
        long? end = query.To is { } to ? (long)Math.Ceiling((to - DateTimeOffset.UnixEpoch).TotalMilliseconds) + VmSchema.MaxShiftMs : null;
        var series = await _client.ExportAsync([selector], start is < 0 ? 0 : start, end, cancellationToken).ConfigureAwait(false);
        var points = VmPoint.Join(series, _options.Measurement);
        var samples = fields.Length == 0 ? await SamplesAsync(points, filters, cancellationToken).ConfigureAwait(false) : null;
        var rows = new List<(long, long, StoredReading)>();
        foreach (var point in points)
        {
            var row = fields.Length == 0 ? VmSchema.Read(point, samples) : VmSchema.ReadTime(point);
            if ((query.From is not { } f || row.Tick >= f.UtcTicks) && (query.To is not { } t || row.Tick < t.UtcTicks))
            {
                rows.Add(row);
            }
        }
        return rows;
    }

    /// <summary>The waveform samples of <paramref name="points"/>, keyed by label set and millisecond.</summary>
    private async Task<Dictionary<(string Labels, long Time), double>?> SamplesAsync(List<VmPoint> points, (string, string?)[] filters, CancellationToken cancellationToken)
    {
        var spans = points.Select(VmSchema.SampleSpan).Where(s => s is not null).Select(s => s!.Value).ToArray();
        if (spans.Length == 0)
        {
            return null;
        }
        var selector = VmSelector.For(_options.Measurement, [VmSchema.WaveSample], filters);
        var series = await _client.ExportAsync([selector], spans.Min(s => s.First), spans.Max(s => s.Last), cancellationToken).ConfigureAwait(false);
        var samples = new Dictionary<(string, long), double>();
        foreach (var one in series)
        {
            var key = VmPoint.LabelKey(one.Labels);
            for (var i = 0; i < one.Timestamps.Length; i++)
            {
                samples[(key, one.Timestamps[i])] = one.Values[i];
            }
        }
        return samples;
    }
}
