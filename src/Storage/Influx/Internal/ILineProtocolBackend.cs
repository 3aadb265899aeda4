using TelemetryGateway.Core;
using TelemetryGateway.Storage.Influx.LineProtocol;

namespace TelemetryGateway.Storage.Influx.Internal;

/// <summary>What <see cref="BatchWriter"/> needs from a line-protocol backend (InfluxDB, VictoriaMetrics):
/// its time unit, its schema and how it finds what is already stored.</summary>
/// <remarks>"Time" here is the point timestamp in the backend's write precision (InfluxDB: ns since the
/// Unix epoch; VictoriaMetrics: ms). A point's identity in both is its series (measurement + tags) and that
/// time, so two different readings of one device and kind must never get the same time.</remarks>
internal interface ILineProtocolBackend
{
    /// <summary>The time a reading gets when nothing else of its device and kind is stored at it.</summary>
    long PreferredTime(Reading reading);

    /// <summary>The next candidate after <paramref name="taken"/> for a reading preferring
    /// <paramref name="preferred"/>, or null when there is none.</summary>
    long? NextTime(long preferred, long taken);

    /// <summary><paramref name="span"/> in backend time units.</summary>
    long ToUnits(TimeSpan span);

    /// <summary>Why this backend cannot store <paramref name="reading"/> faithfully, or null.</summary>
    string? CannotStore(Reading reading);

    /// <summary>Stored points that may share a key or a time with readings about to be written.</summary>
    Task<IReadOnlyList<ExistingPoint>> FindExistingAsync(Lookup lookup, CancellationToken cancellationToken);

    /// <summary>Writes the line of one reading.</summary>
    void Append(LineProtocolWriter lines, Reading reading, long time, string gatewayId, DateTimeOffset storedAt, long sequence);

    /// <summary>For each of <paramref name="series"/> (device, kind) that has points: the latest point time and
    /// the highest record number stored. Null when the backend cannot answer cheaply; then every write
    /// looks up what exists.</summary>
    Task<IReadOnlyDictionary<(string Device, string Kind), Frontier>?> FrontiersAsync(IReadOnlyCollection<(string Device, string Kind)> series, CancellationToken cancellationToken);

    /// <summary>True when a reading preferring <paramref name="preferred"/> (and any time it may be moved
    /// to) lies after <paramref name="latest"/>, the latest time stored for its device and kind.</summary>
    bool IsAfter(long preferred, long latest);

    /// <summary>How long the backend may hide points it accepted from a lookup (zero: never). The writer
    /// remembers its own writes that long (<see cref="RecentWrites"/>).</summary>
    TimeSpan VisibilityLag { get; }

    /// <summary>True when a written group survives a crash of the server once <see cref="AfterWriteAsync"/>
    /// returned. When false, the writer's memory of its own points is only a hint (kept as tentative): the
    /// server may have lost them.</summary>
    bool DurableAfterWrite { get; }

    /// <summary>Runs after every successful write group (VictoriaMetrics: flush to make it durable and searchable).</summary>
    Task AfterWriteAsync(CancellationToken cancellationToken);
}

/// <summary>What is stored of one device and kind at most: the latest point time and the highest record
/// number (null when none has one). A reading after both cannot be a duplicate nor collide.</summary>
internal readonly record struct Frontier(long LatestTime, long? MaxRecord)
{
    public static readonly Frontier Empty = new(long.MinValue, null);

    public Frontier After(long time, long? record) =>
        new(Math.Max(LatestTime, time), record is { } r ? Math.Max(MaxRecord ?? long.MinValue, r) : MaxRecord);
}

/// <summary>A stored point, as far as deduplication needs it.</summary>
/// <param name="Key">Its idempotency key.</param>
/// <param name="Time">Its timestamp in backend units.</param>
/// <param name="Value">Compared with a duplicate to detect a conflict; so are the rest.</param>
internal sealed record ExistingPoint(IdempotencyKey Key, long Time, double Value, string Unit, long? MeasuredTicks, string? PatientId)
{
    public static ExistingPoint Of(Reading reading, IdempotencyKey key, long time) =>
        new(key, time, reading.Value, reading.Unit, reading.MeasuredAt?.UtcTicks, reading.PatientId);

    /// <summary>True when <paramref name="reading"/> (same key) is a different measurement: another value,
    /// unit, measured instant or patient (the same rule as the SQLite store).</summary>
    public bool ConflictsWith(Reading reading) =>
        !(Value.Equals(reading.Value)
          && string.Equals(Unit, reading.Unit, StringComparison.Ordinal)
          && MeasuredTicks == reading.MeasuredAt?.UtcTicks
          && string.Equals(PatientId, reading.PatientId, StringComparison.Ordinal));
}

/// <summary>What to look up before a write group: every stored point of these devices and kinds with a
/// time in [<see cref="MinTime"/>, <see cref="MaxTime"/>] (time-keyed readings and free times), and, when
/// the group has record-numbered readings, the points with a record number in
/// [<see cref="MinRecord"/>, <see cref="MaxRecord"/>] within the wider [<see cref="RecordMinTime"/>, <see cref="RecordMaxTime"/>].</summary>
internal sealed record Lookup(
    IReadOnlyCollection<string> Devices,
    IReadOnlyCollection<string> Kinds,
    long MinTime,
    long MaxTime,
    long? MinRecord,
    long? MaxRecord,
    long RecordMinTime,
    long RecordMaxTime);
