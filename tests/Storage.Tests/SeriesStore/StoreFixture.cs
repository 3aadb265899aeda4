using TelemetryGateway.Core;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Storage.Tests.SeriesStore;

/// <summary>A temporary directory for one store file, removed afterwards.</summary>
public sealed class StoreFixture : IDisposable
{
    /// <summary>Default timeout on every awaited store operation.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public StoreFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("seriesstore-").FullName;
        Path = System.IO.Path.Combine(Directory, "series.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public StoreClock Clock { get; } = new(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));

    public Task<SqliteReadingStore> OpenAsync() =>
        SqliteReadingStore.OpenAsync(new SqliteReadingStoreOptions { Path = Path }, Clock).WaitAsync(Timeout);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Leave it to the OS temp cleaner rather than hide the test's own outcome.
        }
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class StoreClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>Readings for the tests: a systolic BP at 08:00 UTC on 2025-03-01 unless told otherwise.</summary>
internal static class Sample
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static Reading Make(
        string kind = ReadingKinds.BpSystolic,
        double value = 120,
        string device = "AA:BB:CC:DD:EE:01",
        string? patient = "patient-1",
        long? record = null,
        DateTimeOffset? measured = null,
        DateTimeOffset? received = null) => new()
        {
            Kind = kind,
            Value = value,
            Unit = ReadingKinds.Get(kind).Unit,
            DeviceId = device,
            PatientId = patient,
            Source = ReadingSource.Ble,
            DeviceRecordNumber = record,
            MeasuredAt = measured,
            ReceivedAt = received ?? (measured ?? T0).AddSeconds(5),
        };

    /// <summary>A reading measured <paramref name="minutes"/> after <see cref="T0"/>, keyed by that time.</summary>
    public static Reading At(int minutes, string kind = ReadingKinds.BpSystolic, double value = 120,
        string device = "AA:BB:CC:DD:EE:01", string? patient = "patient-1") =>
        Make(kind, value, device, patient, measured: T0.AddMinutes(minutes));

    /// <summary>Values of <paramref name="stored"/> in result order.</summary>
    public static double[] Values(IEnumerable<StoredReading> stored) => [.. stored.Select(s => s.Reading.Value)];

    public static Task<StoreWriteResult> Write(this IReadingStore store, string gateway, params Reading[] readings) =>
        store.WriteAsync(readings, gateway).WaitAsync(StoreFixture.Timeout);

    public static Task<IReadOnlyList<StoredReading>> Query(this IReadingStore store, ReadingQuery query) =>
        store.QueryAsync(query).WaitAsync(StoreFixture.Timeout);

    public static Task<long> Count(this IReadingStore store, ReadingQuery? query = null) =>
        store.CountAsync(query).WaitAsync(StoreFixture.Timeout);
}
