using TelemetryGateway.Core;

namespace TelemetryGateway.Storage.SeriesStore;

/// <summary>The hub's time-series store: the embedded SQLite default (<see cref="SqliteReadingStore"/>) and,
/// where a deployment outgrows it, InfluxDB or VictoriaMetrics backends.</summary>
/// <remarks>
/// <para>Contract every backend keeps (design.md "Delivery"):</para>
/// <list type="bullet">
/// <item>Writes are idempotent on <see cref="IdempotencyKey"/>: a reading whose key is already stored, by an
/// earlier batch, by the same batch or by another gateway, is not stored again and is counted as a duplicate.
/// The first copy wins, including the gateway it is attributed to.</item>
/// <item>When <see cref="WriteAsync"/> completes, the whole batch is durable (the hub acknowledges to the
/// gateway only then); when it throws, none of it is stored, so a retry of the same batch is always safe.</item>
/// <item>Time filters and ordering use <see cref="Reading.EffectiveTime"/> (measured time, else received time).</item>
/// </list>
/// </remarks>
public interface IReadingStore : IAsyncDisposable
{
    /// <summary>Stores <paramref name="readings"/> delivered by <paramref name="gatewayId"/>, all or nothing.</summary>
    /// <returns>How many were inserted and how many were already stored.</returns>
    /// <exception cref="ArgumentException">A reading cannot be stored (e.g. a non-finite value); nothing was written.</exception>
    Task<StoreWriteResult> WriteAsync(IReadOnlyList<Reading> readings, string gatewayId, CancellationToken cancellationToken = default);

    /// <summary>Why this backend could never store <paramref name="reading"/> faithfully, or null when it can.
    /// The hub asks before writing and rejects such a reading instead of failing its whole batch.</summary>
    string? CannotStore(Reading reading);

    /// <summary>Readings matching <paramref name="query"/>, in its order, at most <see cref="ReadingQuery.Limit"/>.</summary>
    Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken = default);

    /// <summary>The newest reading (by effective time) of each kind for one patient or device, keyed by kind.</summary>
    Task<IReadOnlyDictionary<string, StoredReading>> LatestAsync(ReadingScope scope, CancellationToken cancellationToken = default);

    /// <summary>How many stored readings match the filters of <paramref name="query"/> (all readings when null);
    /// its <see cref="ReadingQuery.Limit"/> and <see cref="ReadingQuery.Order"/> are ignored.</summary>
    Task<long> CountAsync(ReadingQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>True when the store can currently be read and its last write did not fail.</summary>
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default);
}
