namespace TelemetryGateway.Storage.SeriesStore;

/// <summary>Outcome of one <see cref="IReadingStore.WriteAsync"/> batch.</summary>
/// <param name="Inserted">Readings newly stored.</param>
/// <param name="Duplicates">Readings whose idempotency key was already stored (earlier in the batch, by an
/// earlier batch or by another gateway) and were therefore not stored again.</param>
/// <param name="Conflicts">Of <paramref name="Duplicates"/>, those whose value, unit, measured time or patient
/// differ from the stored copy: the same key naming a different measurement (a device that reused a record
/// number, a clock that jumped). The stored copy is kept; these are counted so that they can be investigated.</param>
public readonly record struct StoreWriteResult(int Inserted, int Duplicates, int Conflicts = 0)
{
    /// <summary>Readings in the batch: <see cref="Inserted"/> + <see cref="Duplicates"/>.</summary>
    public int Total => Inserted + Duplicates;
}
