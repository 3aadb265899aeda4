using TelemetryGateway.Core;
using TelemetryGateway.Storage.SeriesStore.Internal;

namespace TelemetryGateway.Storage.Influx.Internal;

// What to ask the backend before a write: the frontier of each series, and the stored points near the group.
internal sealed partial class BatchWriter
{
    /// <summary>Learns the frontier of every series of the group not known yet; false when the backend has none.</summary>
    private async Task<bool> FrontiersAsync(List<WriteRequest> group)
    {
        var unknown = new HashSet<(string, string)>();
        foreach (var request in group)
        {
            foreach (var reading in request.Readings)
            {
                if (!_frontiers.ContainsKey((reading.DeviceId, reading.Kind)))
                {
                    unknown.Add((reading.DeviceId, reading.Kind));
                }
            }
        }
        if (unknown.Count == 0)
        {
            return true;
        }
        var known = await _backend.FrontiersAsync(unknown, CancellationToken.None).ConfigureAwait(false);
        if (known is null)
        {
            return false;
        }
        foreach (var series in unknown)
        {
            _frontiers[series] = known.GetValueOrDefault(series, Frontier.Empty);
        }
        return true;
    }

    /// <summary>True when <paramref name="reading"/> lies after everything stored of its device and kind:
    /// no stored point can share its key or its time.</summary>
    private bool AfterFrontier(Reading reading) =>
        _frontiers.TryGetValue((reading.DeviceId, reading.Kind), out var frontier)
        && _backend.IsAfter(_backend.PreferredTime(reading), frontier.LatestTime)
        && (reading.DeviceRecordNumber is not { } record || frontier.MaxRecord is not { } max || record > max);

    /// <summary>What to look up for the readings of the group that are not after their frontier; null when none.</summary>
    private Lookup? LookupFor(List<WriteRequest> group, bool frontiers)
    {
        var devices = new HashSet<string>(StringComparer.Ordinal);
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        long minTime = long.MaxValue, maxTime = long.MinValue;
        long minRecord = long.MaxValue, maxRecord = long.MinValue;
        long recordMin = long.MaxValue, recordMax = long.MinValue;
        foreach (var request in group)
        {
            for (var i = 0; i < request.Readings.Count; i++)
            {
                var reading = request.Readings[i];
                if (frontiers && AfterFrontier(reading))
                {
                    continue;
                }
                devices.Add(reading.DeviceId);
                kinds.Add(reading.Kind);
                var time = _backend.PreferredTime(reading);
                minTime = Math.Min(minTime, time);
                maxTime = Math.Max(maxTime, time);
                if (reading.DeviceRecordNumber is { } record)
                {
                    minRecord = Math.Min(minRecord, record);
                    maxRecord = Math.Max(maxRecord, record);
                    recordMin = Math.Min(recordMin, time);
                    recordMax = Math.Max(recordMax, time);
                }
            }
        }
        if (devices.Count == 0)
        {
            return null;
        }
        var window = _backend.ToUnits(_settings.DuplicateWindow);
        return minRecord > maxRecord
            ? new Lookup(devices, kinds, minTime, maxTime, null, null, 0, 0)
            : new Lookup(devices, kinds, minTime, maxTime, minRecord, maxRecord, SaturatingAdd(recordMin, -window), SaturatingAdd(recordMax, window));
    }

    private static long SaturatingAdd(long a, long b)
    {
        var sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (b > 0 ? long.MaxValue : long.MinValue) : sum;
    }
}
