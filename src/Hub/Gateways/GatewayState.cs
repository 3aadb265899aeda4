using TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Hub;

/// <summary>What the hub knows of one gateway: its stream, its last contact, what it says it holds, and
/// what it delivered. Updated by its ingest session; read by <c>/api/gateways</c>.</summary>
internal sealed class GatewayState(string id)
{
    private readonly Lock _lock = new();
    private IngestSessionHandle? _session;
    private DateTimeOffset? _lastContact;
    private DateTimeOffset? _connectedSince;
    private GatewayStatus? _status;
    private string? _softwareVersion;
    private string? _peer;
    private long? _lastAcked;
    private DateTimeOffset? _lastAckedAt;
    private long _received;
    private long _stored;
    private long _duplicates;
    private long _rejected;

    public string Id { get; } = id;

    /// <summary>Makes <paramref name="session"/> the gateway's stream; returns the one it replaces, if any.</summary>
    public IngestSessionHandle? Attach(IngestSessionHandle session, Hello hello, string peer, DateTimeOffset now)
    {
        lock (_lock)
        {
            var previous = _session;
            _session = session;
            _connectedSince = now;
            _lastContact = now;
            _softwareVersion = hello.SoftwareVersion;
            _peer = peer;
            if (hello.Status is { } status)
            {
                _status = status.Clone();
            }
            return previous;
        }
    }

    /// <summary>Forgets <paramref name="session"/> unless a newer stream already replaced it; true when it was current.</summary>
    public bool Detach(IngestSessionHandle session, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_session, session))
            {
                return false;
            }
            _session = null;
            _lastContact = now;
            return true;
        }
    }

    public void Contact(DateTimeOffset now)
    {
        lock (_lock)
        {
            _lastContact = now;
        }
    }

    public void StatusReported(GatewayStatus status, DateTimeOffset now)
    {
        lock (_lock)
        {
            _status = status.Clone();
            _lastContact = now;
        }
    }

    public void Received(int count) => Interlocked.Add(ref _received, count);

    public void Rejected(int count) => Interlocked.Add(ref _rejected, count);

    public void Stored(int inserted, int duplicates)
    {
        Interlocked.Add(ref _stored, inserted);
        Interlocked.Add(ref _duplicates, duplicates);
    }

    public void Acked(long highestSequence, DateTimeOffset now)
    {
        lock (_lock)
        {
            _lastAcked = _lastAcked is { } last ? Math.Max(last, highestSequence) : highestSequence;
            _lastContact = now;
            _lastAckedAt = now;
        }
    }

    /// <summary>When the hub last acknowledged readings of the gateway, i.e. stored them (hub clock). Connecting,
    /// status reports and batches that never reach the store do not move it: it tells whether the gateway's data
    /// actually gets through.</summary>
    public DateTimeOffset? LastAckedAt
    {
        get
        {
            lock (_lock)
            {
                return _lastAckedAt;
            }
        }
    }

    public GatewaySnapshot Snapshot()
    {
        lock (_lock)
        {
            return new GatewaySnapshot(
                Id,
                _session is not null,
                _connectedSince,
                _lastContact,
                _softwareVersion,
                _peer,
                _status?.BufferedReadings,
                _status?.BufferedBytes,
                _status is { OldestBufferedUnixMs: > 0 } s ? DateTimeOffset.FromUnixTimeMilliseconds(s.OldestBufferedUnixMs) : null,
                _status?.EvictedTotal,
                _status?.RejectedTotal,
                _lastAcked,
                Interlocked.Read(ref _received),
                Interlocked.Read(ref _stored),
                Interlocked.Read(ref _duplicates),
                Interlocked.Read(ref _rejected));
        }
    }
}
