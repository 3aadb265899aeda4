using System.Threading.Channels;
using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Hub.Ambulances;

/// <summary>
/// Keeps <see cref="AmbulanceRegistry"/> in <see cref="AmbulanceStore"/>: restores it at start, then writes the
/// units that changed on a background task of its own. <see cref="AmbulanceRegistry.Apply"/> only marks its unit
/// (a set bounded by the number of ambulances) and wakes the writer, so the gRPC ingest loop never waits for an
/// fsync; updates that arrive while a write runs are coalesced into the next one (one transaction, one fsync).
/// </summary>
/// <remarks>
/// A crash between an update and its write loses that update (about the last second of a position); the file
/// itself stays intact, because every write is one SQLite transaction in WAL mode. When the file cannot be opened
/// or written (full disk, unwritable path, damaged file) the failure is logged and counted
/// (<see cref="AmbulanceMetrics"/>) and the in-memory view carries on; failed units are retried with the next write.
/// </remarks>
internal sealed class AmbulancePersistence : IAsyncDisposable
{
    private readonly AmbulanceRegistry _registry;
    private readonly AmbulanceStore? _store;
    private readonly string _path;
    private readonly AmbulanceMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    // Capacity 1, extra wake-ups dropped: the writer takes every marked unit whenever it wakes.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true, AllowSynchronousContinuations = false,
    });
    private HashSet<string> _dirty = new(StringComparer.Ordinal);
    private Task _writer = Task.CompletedTask;
    private long _failuresInRow;

    private AmbulancePersistence(AmbulanceRegistry registry, AmbulanceStore? store, string path, AmbulanceMetrics metrics, ILogger logger)
    {
        _registry = registry;
        _store = store;
        _path = path;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Opens <paramref name="path"/>, restores its ambulances into <paramref name="registry"/> and starts
    /// writing every later change; never throws for an unusable file (memory only, logged and counted).</summary>
    public static AmbulancePersistence Start(string path, AmbulanceRegistry registry, AmbulanceMetrics metrics, ILogger logger)
    {
        AmbulanceStore? store = null;
        try
        {
            store = AmbulanceStore.Open(path);
            var records = store.Load();
            registry.Restore(records);
            metrics.Opened();
            AmbulanceLog.Opened(logger, path, records.Count);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidDataException
            or NotSupportedException or InvalidProtocolBufferException)
        {
            store?.Dispose();
            store = null;
            metrics.Failed();
            AmbulanceLog.OpenFailed(logger, ex, path);
        }
        var persistence = new AmbulancePersistence(registry, store, path, metrics, logger);
        if (store is not null)
        {
            registry.OnChanged(persistence.Changed);
            persistence._writer = Task.Run(persistence.WriteAsync);
        }
        return persistence;
    }

    /// <summary>Stops taking changes, writes what is still marked, closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _wake.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _store?.Dispose();
    }

    private void Changed(string unit)
    {
        lock (_lock)
        {
            _dirty.Add(unit);
        }
        _wake.Writer.TryWrite(true);
    }

    private async Task WriteAsync()
    {
        while (await _wake.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            _wake.Reader.TryRead(out _);
            Flush();
        }
        // Stopping: what was applied last goes to the file too.
        Flush();
    }

    private void Flush()
    {
        HashSet<string> units;
        lock (_lock)
        {
            if (_dirty.Count == 0)
            {
                return;
            }
            units = _dirty;
            _dirty = new(StringComparer.Ordinal);
        }
        var records = units.Select(_registry.Record).OfType<AmbulanceRecord>().ToList();
        try
        {
            _store!.Save(records);
            _metrics.Saved(records.Count);
            if (_failuresInRow > 0)
            {
                AmbulanceLog.WriteRecovered(_logger, _path, _failuresInRow);
                _failuresInRow = 0;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Marked again: the next write (woken by the next update) carries them. One log line per outage.
            lock (_lock)
            {
                _dirty.UnionWith(units);
            }
            _metrics.Failed();
            if (_failuresInRow++ == 0)
            {
                AmbulanceLog.WriteFailed(_logger, ex, records.Count, _path);
            }
        }
    }
}
