using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Hub.Auth;

/// <summary>
/// <c>GET /api/readings</c> within a caller's scope. The store filters by one patient or one device, so a
/// scoped query without either runs once per patient and device in scope and merges: filtering an unscoped
/// answer afterwards would cut a page short whenever other clinics' readings filled its limit.
/// </summary>
internal static class ScopedReadings
{
    /// <summary>Null with <paramref name="refusal"/> set when the query names a patient out of scope (403).</summary>
    public static async Task<IReadOnlyList<StoredReading>?> QueryAsync(IReadingStore store, ReadingQuery query, AccessScope access, Action<string> refusal, CancellationToken ct)
    {
        if (access.IsEverything || (query.PatientId is { } p && access.CanSeePatient(p)) || (query.DeviceId is { } d && access.CanSeeDevice(d)))
        {
            return await store.QueryAsync(query, ct).ConfigureAwait(false);
        }
        if (query.PatientId is { } named)
        {
            refusal($"Patient {named} is not in your scope.");
            return null;
        }
        var parts = new List<IReadOnlyList<StoredReading>>();
        foreach (var patient in access.Patients)
        {
            parts.Add(await store.QueryAsync(query with { PatientId = patient }, ct).ConfigureAwait(false));
        }
        if (query.DeviceId is null)
        {
            foreach (var device in access.Devices)
            {
                parts.Add(await store.QueryAsync(query with { DeviceId = device }, ct).ConfigureAwait(false));
            }
        }
        // A monitor's reading can come back through its patient and its device: keep it once.
        var merged = parts.SelectMany(r => r).DistinctBy(r => r.Reading.Key);
        merged = query.Order == QueryOrder.OldestFirst
            ? merged.OrderBy(r => r.Reading.EffectiveTime)
            : merged.OrderByDescending(r => r.Reading.EffectiveTime);
        return [.. merged.Take(query.Limit)];
    }
}
