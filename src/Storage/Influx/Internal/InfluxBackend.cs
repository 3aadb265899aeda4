using System.Text;
using TelemetryGateway.Core;
using TelemetryGateway.Storage.Influx.LineProtocol;

namespace TelemetryGateway.Storage.Influx.Internal;

/// <summary>The InfluxDB side of <see cref="BatchWriter"/>: nanosecond times, <see cref="InfluxSchema"/>,
/// and the duplicate lookup in InfluxQL.</summary>
internal sealed class InfluxBackend(InfluxQueryClient query, string measurement) : ILineProtocolBackend
{
    /// <summary>Devices per lookup statement, to keep each statement's tag filter short.</summary>
    private const int DevicesPerStatement = 200;

    private static readonly string Fields = string.Join(",", new[]
    {
        InfluxSchema.Value, InfluxSchema.Unit, InfluxSchema.Record, InfluxSchema.Info, InfluxSchema.Received, InfluxSchema.Shift, InfluxSchema.Patient,
    }.Select(InfluxQl.Identifier));

    public long PreferredTime(Reading reading) => InfluxSchema.PreferredTime(reading);

    public long? NextTime(long preferred, long taken) => InfluxSchema.NextTime(preferred, taken);

    public long ToUnits(TimeSpan span) => span.Ticks > long.MaxValue / InfluxSchema.NsPerTick / 2 ? long.MaxValue / 2 : span.Ticks * InfluxSchema.NsPerTick;

    public string? CannotStore(Reading reading) => InfluxSchema.CannotStore(reading);

    public void Append(LineProtocolWriter lines, Reading reading, long time, string gatewayId, DateTimeOffset storedAt, long sequence) =>
        InfluxSchema.Append(lines, measurement, reading, time, gatewayId, storedAt, sequence);

    public Task AfterWriteAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>influxd answers a write after its WAL and cache hold the points; queries read the cache.</summary>
    public TimeSpan VisibilityLag => TimeSpan.Zero;

    public bool DurableAfterWrite => true;

    public bool IsAfter(long preferred, long latest) => InfluxSchema.MsStart(preferred) > latest;

    /// <summary><c>last("value")</c> (its time is the latest point's) and <c>max("record")</c> per device and kind.</summary>
    public async Task<IReadOnlyDictionary<(string Device, string Kind), Frontier>?> FrontiersAsync(
        IReadOnlyCollection<(string Device, string Kind)> series, CancellationToken cancellationToken)
    {
        var statements = new List<string>();
        foreach (var chunk in series.Chunk(DevicesPerStatement))
        {
            var where = new StringBuilder(" FROM ").Append(InfluxQl.Identifier(measurement)).Append(" WHERE ");
            InfluxQl.AnyOf(where, InfluxSchema.Device, chunk.Select(s => TagCodec.Encode(s.Device)).Distinct());
            where.Append(" AND ");
            InfluxQl.AnyOf(where, InfluxSchema.Kind, chunk.Select(s => TagCodec.Encode(s.Kind)).Distinct());
            where.Append(" GROUP BY ").Append(InfluxQl.Identifier(InfluxSchema.Device)).Append(',').Append(InfluxQl.Identifier(InfluxSchema.Kind));
            statements.Add($"SELECT last({InfluxQl.Identifier(InfluxSchema.Value)}){where}");
            statements.Add($"SELECT max({InfluxQl.Identifier(InfluxSchema.Record)}){where}");
        }
        var results = await query.QueryAsync(statements, cancellationToken).ConfigureAwait(false);
        var frontiers = new Dictionary<(string, string), Frontier>();
        for (var i = 0; i < results.Count; i++)
        {
            foreach (var one in results[i])
            {
                var key = (TagCodec.Decode(one.Tags[InfluxSchema.Device]), TagCodec.Decode(one.Tags[InfluxSchema.Kind]));
                var frontier = frontiers.GetValueOrDefault(key, Frontier.Empty);
                foreach (var row in one.Rows)
                {
                    frontier = i % 2 == 0
                        ? frontier with { LatestTime = Math.Max(frontier.LatestTime, row[one.Column("time")] as long? ?? long.MinValue) }
                        : frontier with { MaxRecord = row[one.Column("max")] as long? };
                }
                frontiers[key] = frontier;
            }
        }
        return frontiers;
    }

    public async Task<IReadOnlyList<ExistingPoint>> FindExistingAsync(Lookup lookup, CancellationToken cancellationToken)
    {
        var statements = new List<string>();
        foreach (var devices in lookup.Devices.Chunk(DevicesPerStatement))
        {
            // Every point in the milliseconds the new readings fall in: time-keyed duplicates and taken times.
            statements.Add(Statement(devices, lookup.Kinds, InfluxSchema.MsStart(lookup.MinTime), InfluxSchema.MsStart(lookup.MaxTime) + InfluxSchema.NsPerMs - 1, null));
            if (lookup.MinRecord is { } min && lookup.MaxRecord is { } max)
            {
                // Record-numbered duplicates whose effective time moved (another gateway's clock correction).
                statements.Add(Statement(devices, lookup.Kinds, lookup.RecordMinTime, lookup.RecordMaxTime, (min, max)));
            }
        }
        var results = await query.QueryAsync(statements, cancellationToken).ConfigureAwait(false);
        var points = new List<ExistingPoint>();
        foreach (var series in results.SelectMany(r => r))
        {
            var device = TagCodec.Decode(series.Tags[InfluxSchema.Device]);
            var kind = TagCodec.Decode(series.Tags[InfluxSchema.Kind]);
            int time = series.Column("time"), value = series.Column(InfluxSchema.Value), unit = series.Column(InfluxSchema.Unit),
                record = series.Column(InfluxSchema.Record), info = series.Column(InfluxSchema.Info),
                received = series.Column(InfluxSchema.Received), shift = series.Column(InfluxSchema.Shift), patient = series.Column(InfluxSchema.Patient);
            foreach (var row in series.Rows)
            {
                var pointTime = (long)row[time]!;
                var (effective, measured, receivedAt) = InfluxSchema.Times(pointTime, row[info] as long? ?? 0, row[received] as long? ?? 0, row[shift] as long? ?? 0);
                var key = row[record] is long r ? new IdempotencyKey(device, kind, KeyBasis.RecordNumber, r)
                    : measured is not null ? new IdempotencyKey(device, kind, KeyBasis.MeasuredTime, effective)
                    : new IdempotencyKey(device, kind, KeyBasis.ReceivedTime, receivedAt.UtcTicks);
                var patientId = row[patient] as string;
                points.Add(new ExistingPoint(
                    key,
                    pointTime,
                    Convert.ToDouble(row[value], System.Globalization.CultureInfo.InvariantCulture),
                    row[unit] as string ?? InfluxSchema.UnitOf(kind),
                    measured?.UtcTicks,
                    string.IsNullOrEmpty(patientId) ? null : TagCodec.Decode(patientId)));
            }
        }
        return points;
    }

    private string Statement(IEnumerable<string> devices, IEnumerable<string> kinds, long from, long to, (long Min, long Max)? records)
    {
        var text = new StringBuilder("SELECT ").Append(Fields).Append(" FROM ").Append(InfluxQl.Identifier(measurement)).Append(" WHERE ");
        InfluxQl.AnyOf(text, InfluxSchema.Device, devices.Select(TagCodec.Encode));
        text.Append(" AND ");
        InfluxQl.AnyOf(text, InfluxSchema.Kind, kinds.Select(TagCodec.Encode));
        if (records is { } r)
        {
            text.Append(" AND ").Append(InfluxQl.Identifier(InfluxSchema.Record)).Append(" >= ").Append(r.Min)
                .Append(" AND ").Append(InfluxQl.Identifier(InfluxSchema.Record)).Append(" <= ").Append(r.Max);
        }
        text.Append(" AND time >= ").Append(InfluxQl.Time(from)).Append(" AND time <= ").Append(InfluxQl.Time(to))
            .Append(" GROUP BY ").Append(InfluxQl.Identifier(InfluxSchema.Device)).Append(',').Append(InfluxQl.Identifier(InfluxSchema.Kind));
        return text.ToString();
    }
}
