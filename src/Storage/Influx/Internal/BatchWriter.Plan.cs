using TelemetryGateway.Core;
using TelemetryGateway.Storage.SeriesStore;
using TelemetryGateway.Storage.SeriesStore.Internal;

namespace TelemetryGateway.Storage.Influx.Internal;

// Which readings of a group are duplicates and at which free time each new one goes; the writer's own recent points.
internal sealed partial class BatchWriter
{
    /// <summary>Decides for each reading of the group, in queue order: a duplicate of a stored reading or
    /// of one earlier in the group (a conflict when the measurement differs), or new at a free time.</summary>
    private List<(WriteRequest Request, int Index, long Time)> Plan(List<WriteRequest> group, IReadOnlyList<ExistingPoint> existing)
    {
        var byKey = new Dictionary<IdempotencyKey, ExistingPoint>(existing.Count);
        var taken = new HashSet<(string Device, string Kind, long Time)>(existing.Count);
        foreach (var point in existing)
        {
            byKey.TryAdd(point.Key, point);
            taken.Add((point.Key.DeviceId, point.Key.Kind, point.Time));
        }

        // Own recent writes the lookup may not show yet: their times are taken; a confirmed one is stored, a
        // tentative one (from a failed group) is rewritten at the same time if it comes again.
        Dictionary<IdempotencyKey, long>? tentative = null;
        if (_recent is { Count: > 0 })
        {
            var series = new HashSet<(string, string)>();
            foreach (var request in group)
            {
                foreach (var reading in request.Readings)
                {
                    series.Add((reading.DeviceId, reading.Kind));
                }
            }
            foreach (var one in series)
            {
                foreach (var (point, maybe) in _recent.Of(one, long.MinValue, long.MaxValue))
                {
                    taken.Add((point.Key.DeviceId, point.Key.Kind, point.Time));
                    if (!maybe)
                    {
                        byKey.TryAdd(point.Key, point);
                    }
                    else if (!byKey.ContainsKey(point.Key))
                    {
                        (tentative ??= [])[point.Key] = point.Time;
                    }
                }
            }
        }

        var plan = new List<(WriteRequest, int, long)>();
        foreach (var request in group)
        {
            int inserted = 0, duplicates = 0, conflicts = 0;
            List<StoreRejection>? rejected = null;
            for (var i = 0; i < request.Readings.Count; i++)
            {
                var reading = request.Readings[i];
                var key = request.Keys[i];
                if (byKey.TryGetValue(key, out var stored))
                {
                    duplicates++;
                    if (stored.ConflictsWith(reading))
                    {
                        conflicts++;
                        request.FirstConflict ??= key;
                    }
                    continue;
                }
                if (tentative is not null && tentative.Remove(key, out var again))
                {
                    byKey.Add(key, ExistingPoint.Of(reading, key, again));
                    plan.Add((request, i, again));
                    inserted++;
                    continue;
                }
                var time = _backend.PreferredTime(reading);
                var preferred = time;
                long? free = time;
                while (free is { } candidate && !taken.Add((reading.DeviceId, reading.Kind, candidate)))
                {
                    free = _backend.NextTime(preferred, candidate);
                }
                if (free is null)
                {
                    (rejected ??= []).Add(new StoreRejection(i,
                        $"{reading.Kind} of device {reading.DeviceId}: no free timestamp left near {preferred} (one sample per series and time unit)"));
                    continue;
                }
                time = free.Value;
                byKey.Add(key, ExistingPoint.Of(reading, key, time));
                plan.Add((request, i, time));
                inserted++;
            }
            request.Result = new StoreWriteResult(inserted, duplicates, conflicts, rejected);
        }
        return plan;
    }

    /// <summary>Keeps the points of a sent plan in <see cref="_recent"/>: confirmed, or tentative after a failure.</summary>
    private void Remember(List<(WriteRequest Request, int Index, long Time)> plan, bool tentative)
    {
        if (_recent is null)
        {
            return;
        }
        var now = _clock.GetTimestamp();
        foreach (var (request, index, time) in plan)
        {
            _recent.Add(ExistingPoint.Of(request.Readings[index], request.Keys[index], time), tentative, now);
        }
    }
}
