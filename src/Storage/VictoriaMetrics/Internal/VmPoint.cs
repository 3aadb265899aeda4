namespace TelemetryGateway.Storage.VictoriaMetrics.Internal;

/// <summary>The samples of one reading: the series sharing a label set, at one millisecond.</summary>
internal sealed record VmPoint(string Key, IReadOnlyDictionary<string, string> Labels, long Time, Dictionary<string, double> Fields)
{
    /// <summary>A label set as one string (the identity of a series apart from its name).</summary>
    public static string LabelKey(IReadOnlyDictionary<string, string> labels) =>
        string.Join('\u0001', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));

    /// <summary>Joins exported series of <paramref name="measurement"/> into points; a point without a
    /// <c>value</c> sample (a partial export) is dropped.</summary>
    public static List<VmPoint> Join(IEnumerable<VmSeries> series, string measurement)
    {
        var prefix = measurement + "_";
        var points = new Dictionary<(string Labels, long Time), VmPoint>();
        foreach (var one in series)
        {
            if (!one.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var field = one.Name[prefix.Length..];
            var labels = LabelKey(one.Labels);
            for (var i = 0; i < one.Timestamps.Length; i++)
            {
                var key = (labels, one.Timestamps[i]);
                if (!points.TryGetValue(key, out var point))
                {
                    point = new VmPoint(labels, one.Labels, one.Timestamps[i], new Dictionary<string, double>(StringComparer.Ordinal));
                    points.Add(key, point);
                }
                point.Fields[field] = one.Values[i]; // a duplicate sample (no dedup configured) is the same value
            }
        }
        return [.. points.Values.Where(p => p.Fields.ContainsKey(VmSchema.Value))];
    }
}
