namespace TelemetryGateway.Storage.SeriesStore;

/// <summary>Outcome of one <see cref="IReadingStore.WriteAsync"/> batch.</summary>
/// <param name="Inserted">Readings newly stored.</param>
/// <param name="Duplicates">Readings whose idempotency key was already stored (earlier in the batch, by an
/// earlier batch or by another gateway) and were therefore not stored again.</param>
/// <param name="Conflicts">Of <paramref name="Duplicates"/>, those whose value, unit, measured time or patient
/// differ from the stored copy: the same key naming a different measurement (a device that reused a record
/// number, a clock that jumped). The stored copy is kept; these are counted so that they can be investigated.</param>
/// <param name="Rejected">Readings the backend could not place, with why (e.g. VictoriaMetrics keeps one sample
/// per series and millisecond, and every slot near the reading's time is taken). Rejected, not retried: a
/// reading that can never be stored must not hold up the gateway's stream behind it.</param>
public readonly record struct StoreWriteResult(int Inserted, int Duplicates, int Conflicts = 0, IReadOnlyList<StoreRejection>? Rejected = null)
{
    /// <summary>Readings in the batch: <see cref="Inserted"/> + <see cref="Duplicates"/> + rejected.</summary>
    public int Total => Inserted + Duplicates + (Rejected?.Count ?? 0);
}

/// <summary>A reading of a write batch that the store rejected.</summary>
/// <param name="Index">Its position in the batch given to <see cref="IReadingStore.WriteAsync"/>.</param>
/// <param name="Reason">What prevented storing it, naming the reading.</param>
public sealed record StoreRejection(int Index, string Reason);
