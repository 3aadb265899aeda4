using TelemetryGateway.Core;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Hub.Tests.Infrastructure;

/// <summary>The real SQLite store behind a switchboard of faults (iotedge's FailedEndpoint / StalledEndpoint):
/// a chosen write fails before reaching the store, or waits at a gate until the test opens it.</summary>
public sealed class FaultInjectingStore(IReadingStore inner) : IReadingStore
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private int _completed;

    /// <summary>1-based number of the write that throws (an I/O error, as a full disk would); null for none.</summary>
    public int? FailWrite { get; init; }

    /// <summary>1-based number of the write that waits for <see cref="Release"/>; null for none.</summary>
    public int? StallWrite { get; init; }

    public int WritesStarted => Volatile.Read(ref _started);

    public int WritesCompleted => Volatile.Read(ref _completed);

    public void Release() => _gate.TrySetResult();

    public string? CannotStore(Reading reading) => inner.CannotStore(reading);

    public async Task<StoreWriteResult> WriteAsync(IReadOnlyList<Reading> readings, string gatewayId, CancellationToken cancellationToken = default)
    {
        var number = Interlocked.Increment(ref _started);
        if (number == StallWrite)
        {
            await _gate.Task.WaitAsync(cancellationToken);
        }
        if (number == FailWrite)
        {
            throw new IOException("Injected failure: disk full.");
        }
        var result = await inner.WriteAsync(readings, gatewayId, cancellationToken);
        Interlocked.Increment(ref _completed);
        return result;
    }

    public Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken = default) =>
        inner.QueryAsync(query, cancellationToken);

    public Task<IReadOnlyDictionary<string, StoredReading>> LatestAsync(ReadingScope scope, CancellationToken cancellationToken = default) =>
        inner.LatestAsync(scope, cancellationToken);

    public Task<long> CountAsync(ReadingQuery? query = null, CancellationToken cancellationToken = default) =>
        inner.CountAsync(query, cancellationToken);

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => inner.IsHealthyAsync(cancellationToken);

    public ValueTask DisposeAsync()
    {
        Release();
        return inner.DisposeAsync();
    }
}
