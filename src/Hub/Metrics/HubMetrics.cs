using System.Collections.Concurrent;
using TelemetryGateway.Storage;

namespace TelemetryGateway.Hub;

/// <summary>The hub's counters: every reading received, stored, found duplicate or rejected, every refused
/// gateway, every batch; rendered by <see cref="PrometheusText"/> for <c>GET /metrics</c>.</summary>
public sealed class HubMetrics
{
    /// <summary>More series rendered after the hub's own (e.g. sign-in counters from src/Hub/Auth).</summary>
    public List<Action<System.Text.StringBuilder>> Sections { get; } = [];

    private readonly ConcurrentDictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _authFailures = new(StringComparer.Ordinal);
    private long _received;
    private long _stored;
    private long _duplicates;
    private long _batches;
    private long _connected;
    private long _storeFailures;
    private long _alertSignals;

    /// <summary>Readings that arrived in batches (valid or not).</summary>
    public long ReadingsReceived => Interlocked.Read(ref _received);

    /// <summary>Readings newly stored.</summary>
    public long ReadingsStored => Interlocked.Read(ref _stored);

    /// <summary>Readings acknowledged because an identical key was already stored.</summary>
    public long ReadingsDuplicate => Interlocked.Read(ref _duplicates);

    /// <summary>Readings rejected, all reasons.</summary>
    public long ReadingsRejectedTotal => _rejected.Values.Sum();

    /// <summary>Batches acknowledged.</summary>
    public long IngestBatches => Interlocked.Read(ref _batches);

    /// <summary>Ingest streams authenticated and open now.</summary>
    public long GatewaysConnected => Interlocked.Read(ref _connected);

    /// <summary>Store writes that failed (each ended its stream with UNAVAILABLE).</summary>
    public long StoreWriteFailures => Interlocked.Read(ref _storeFailures);

    /// <summary>Alert signals raised at the edge and applied (replays included).</summary>
    public long AlertSignalsReceived => Interlocked.Read(ref _alertSignals);

    /// <summary>The alert lifecycle's and its delivery's counters.</summary>
    public AlertMetrics Alerts { get; } = new();

    /// <summary>The dashboard's live feed.</summary>
    public LiveMetrics Live { get; } = new();

    /// <summary>The ambulance store.</summary>
    public AmbulanceMetrics Ambulances { get; } = new();

    /// <summary>Time spent per store write, from queueing to durable.</summary>
    public DurationHistogram StoreWriteSeconds { get; } = new();

    /// <summary>Readings rejected for <paramref name="reason"/> (a <see cref="Core.RejectReason"/> name).</summary>
    public long ReadingsRejected(string reason) => _rejected.GetValueOrDefault(reason);

    /// <summary>Gateways refused for <paramref name="reason"/> (an <see cref="AuthFailure"/> value).</summary>
    public long AuthFailures(string reason) => _authFailures.GetValueOrDefault(reason);

    internal IEnumerable<KeyValuePair<string, long>> RejectedByReason => _rejected;

    internal IEnumerable<KeyValuePair<string, long>> AuthFailuresByReason => _authFailures;

    internal void Received(int count) => Interlocked.Add(ref _received, count);

    internal void Stored(int inserted, int duplicates)
    {
        Interlocked.Add(ref _stored, inserted);
        Interlocked.Add(ref _duplicates, duplicates);
    }

    internal void Rejected(string reason) => _rejected.AddOrUpdate(reason, 1, static (_, n) => n + 1);

    internal void AuthFailed(string reason) => _authFailures.AddOrUpdate(reason, 1, static (_, n) => n + 1);

    internal void AlertSignals(int count) => Interlocked.Add(ref _alertSignals, count);

    internal void BatchAcked() => Interlocked.Increment(ref _batches);

    internal void StoreWriteFailed() => Interlocked.Increment(ref _storeFailures);

    internal void GatewayConnected() => Interlocked.Increment(ref _connected);

    internal void GatewayDisconnected() => Interlocked.Decrement(ref _connected);
}
