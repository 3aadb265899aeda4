using TelemetryGateway.Core;
using TelemetryGateway.Storage.Influx.Internal;
using TelemetryGateway.Storage.Influx.LineProtocol;

namespace TelemetryGateway.Storage.VictoriaMetrics.Internal;

/// <summary>The VictoriaMetrics side of <see cref="BatchWriter"/>: millisecond times, <see cref="VmSchema"/>,
/// the duplicate lookup through <c>/api/v1/export</c>, and a flush after each write.</summary>
internal sealed class VmBackend(VmExportClient client, string measurement, bool durableWrites, bool flushAfterWrite) : ILineProtocolBackend
{
    /// <summary>The fields the duplicate lookup needs to rebuild a key and compare a measurement.</summary>
    private static readonly string[] KeyFields = [VmSchema.Value, VmSchema.Value + VmSchema.High, VmSchema.Value + VmSchema.Low, VmSchema.Tick, VmSchema.Record, VmSchema.MeasuredOffset, VmSchema.ReceivedDelta];

    public long PreferredTime(Reading reading) => VmSchema.PreferredTime(reading);

    public long? NextTime(long preferred, long taken) => VmSchema.NextTime(preferred, taken);

    public long ToUnits(TimeSpan span) => (long)span.TotalMilliseconds;

    public string? CannotStore(Reading reading) => VmSchema.CannotStore(reading);

    public void Append(LineProtocolWriter lines, Reading reading, long time, string gatewayId, DateTimeOffset storedAt, long sequence) =>
        VmSchema.Append(lines, measurement, reading, time, gatewayId, storedAt, sequence);

    /// <summary>Even after the snapshot or flush that ends a write, an export right after it has missed
    /// points of that write (RecentWrites); seconds are plenty, ten are kept.</summary>
    public TimeSpan VisibilityLag => TimeSpan.FromSeconds(10);

    /// <summary>Only with snapshots after each write; without them a SIGKILL loses the last seconds.</summary>
    public bool DurableAfterWrite => durableWrites;

    public Task AfterWriteAsync(CancellationToken cancellationToken) =>
        durableWrites ? client.PersistAsync(cancellationToken)
        : flushAfterWrite ? client.FlushAsync(cancellationToken)
        : Task.CompletedTask;

    /// <summary>Export has no cheap "last": every write looks up what exists.</summary>
    public Task<IReadOnlyDictionary<(string Device, string Kind), Frontier>?> FrontiersAsync(
        IReadOnlyCollection<(string Device, string Kind)> series, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<(string Device, string Kind), Frontier>?>(null);

    public bool IsAfter(long preferred, long latest) => false;

    public async Task<IReadOnlyList<ExistingPoint>> FindExistingAsync(Lookup lookup, CancellationToken cancellationToken)
    {
        var from = lookup.MinTime;
        var to = lookup.MaxTime + VmSchema.MaxShiftMs;
        var exports = new List<VmSeries>(await client.ExportAsync(Selectors(lookup.Devices, KeyFields), from, to, cancellationToken).ConfigureAwait(false));

        // Record-numbered copies stored at another time (another gateway's clock correction): find them by
        // their record series over the wider window (export cannot filter on values), then fetch their other
        // fields where they fall outside the range already read.
        if (lookup.MinRecord is { } min && lookup.MaxRecord is { } max)
        {
            var records = await client.ExportAsync(Selectors(lookup.Devices, [VmSchema.Record]), lookup.RecordMinTime, lookup.RecordMaxTime + VmSchema.MaxShiftMs, cancellationToken).ConfigureAwait(false);
            var outside = records
                .SelectMany(s => s.Timestamps.Zip(s.Values).Where(p => p.Second >= min && p.Second <= max && (p.First < from || p.First > to)).Select(p => p.First))
                .ToArray();
            if (outside.Length > 0)
            {
                exports.AddRange(await client.ExportAsync(Selectors(lookup.Devices, KeyFields), outside.Min(), outside.Max(), cancellationToken).ConfigureAwait(false));
            }
        }

        var kinds = lookup.Kinds as IReadOnlySet<string> ?? lookup.Kinds.ToHashSet(StringComparer.Ordinal);
        return [.. VmPoint.Join(exports, measurement)
            .Where(p => p.Labels.TryGetValue(VmSchema.Kind, out var kind) && kinds.Contains(TagCodec.Decode(kind)))
            .Select(VmSchema.Existing)];
    }

    /// <summary>One series selector per device: <c>{__name__=~"reading_(a|b)",device="…"}</c>.</summary>
    private IEnumerable<string> Selectors(IEnumerable<string> devices, string[] fields) =>
        devices.Select(device => VmSelector.For(measurement, fields, (VmSchema.Device, device)));
}

/// <summary>MetricsQL series selectors with label values quoted per its string syntax.</summary>
internal static class VmSelector
{
    /// <summary><c>{__name__=~"m_(f1|f2)",label="value",…}</c>; values are tag-encoded then quoted.</summary>
    public static string For(string measurement, IReadOnlyCollection<string> fields, params (string Label, string? Value)[] labels)
    {
        var text = new System.Text.StringBuilder("{__name__=~");
        text.Append(Quote(fields.Count == 0 ? measurement + "_.+" : $"{measurement}_({string.Join('|', fields)})"));
        foreach (var (label, value) in labels)
        {
            if (value is not null)
            {
                text.Append(',').Append(label).Append('=').Append(Quote(TagCodec.Encode(value)));
            }
        }
        return text.Append('}').ToString();
    }

    /// <summary>A double-quoted string: <c>"</c> and <c>\</c> escaped with a backslash.</summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
