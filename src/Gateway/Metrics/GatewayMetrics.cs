using System.Collections.Concurrent;
using TelemetryGateway.Gateway.Uplink;

namespace TelemetryGateway.Gateway;

/// <summary>
/// The gateway's counters (since start, like every Prometheus counter) and the uplink state. Buffer gauges
/// are read from the buffer when scraped. Thread-safe.
/// </summary>
public sealed class GatewayMetrics
{
    private readonly ConcurrentDictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _hubRejections = new(StringComparer.Ordinal);
    private long _accepted;
    private long _sent;
    private long _acked;
    private long _reconnects;
    private long _authenticationFailures;
    private int _state = (int)UplinkState.Connecting;

    /// <summary>Readings committed to the buffer.</summary>
    public long ReadingsAccepted => Interlocked.Read(ref _accepted);

    /// <summary>Readings sent in batches, resends included.</summary>
    public long ReadingsSent => Interlocked.Read(ref _sent);

    /// <summary>Buffered readings deleted because the hub acknowledged (or rejected) them.</summary>
    public long ReadingsAcked => Interlocked.Read(ref _acked);

    /// <summary>Connection attempts after the first.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Sessions the hub refused with UNAUTHENTICATED.</summary>
    public long AuthenticationFailures => Interlocked.Read(ref _authenticationFailures);

    public UplinkState UplinkState => (UplinkState)Volatile.Read(ref _state);

    /// <summary>Readings refused before buffering, by reason (a RejectReason name, or "BufferFull").</summary>
    public IReadOnlyDictionary<string, long> RejectedByReason => new Dictionary<string, long>(_rejected);

    /// <summary>Readings the hub rejected, by the reason it gave.</summary>
    public IReadOnlyDictionary<string, long> HubRejectionsByReason => new Dictionary<string, long>(_hubRejections);

    public long ReadingsRejected => _rejected.Values.Sum();

    internal void Accepted(long count) => Interlocked.Add(ref _accepted, count);

    internal void Rejected(string reason, long count = 1) => _rejected.AddOrUpdate(reason, count, (_, n) => n + count);

    internal void Sent(long count) => Interlocked.Add(ref _sent, count);

    internal void Acked(long count) => Interlocked.Add(ref _acked, count);

    internal void HubRejected(string reason) => _hubRejections.AddOrUpdate(reason, 1, (_, n) => n + 1);

    internal void Reconnected() => Interlocked.Increment(ref _reconnects);

    internal void AuthenticationFailed() => Interlocked.Increment(ref _authenticationFailures);

    internal void SetState(UplinkState state) => Volatile.Write(ref _state, (int)state);
}
