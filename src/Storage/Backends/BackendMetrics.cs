namespace TelemetryGateway.Storage.Backends;

/// <summary>Counters of one HTTP time-series backend (InfluxDB, VictoriaMetrics) as the hub's store sees it:
/// every request, failure and retry, every write group and how long it took to become durable.</summary>
/// <remarks>Thread-safe; the hub renders it on <c>/metrics</c> (<c>hub_store_backend_*</c>) and
/// <c>/healthz</c>. A request failure that is retried counts once as a failure and once as a retry; a write
/// group that fails after its retries counts as a write failure (the hub then stops acknowledging).</remarks>
public sealed class BackendMetrics
{
    /// <summary>Upper bounds, in seconds, of the write-latency buckets (1 ms to 30 s).</summary>
    public static readonly IReadOnlyList<double> WriteBounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly DurationHistogram _writes = new(WriteBounds);
    private readonly Lock _lock = new();
    private long _requests;
    private long _requestFailures;
    private long _retries;
    private long _groups;
    private long _groupFailures;
    private long _readingsWritten;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private bool _up = true;

    public BackendMetrics(string backend)
    {
        ArgumentException.ThrowIfNullOrEmpty(backend);
        Backend = backend;
    }

    /// <summary>The backend's kind as configured: <c>influxdb</c> or <c>victoriametrics</c>.</summary>
    public string Backend { get; }

    /// <summary>HTTP requests the backend answered with success (writes, lookups, flushes, probes).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Request attempts that failed: no answer, timeout, or an error status.</summary>
    public long RequestFailures => Interlocked.Read(ref _requestFailures);

    /// <summary>Failed attempts that were tried again (after backoff or the server's Retry-After).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Write groups made durable (each completes one or more <c>WriteAsync</c> calls).</summary>
    public long WriteGroups => Interlocked.Read(ref _groups);

    /// <summary>Write groups that failed: their callers were told, nothing of them was acknowledged.</summary>
    public long WriteFailures => Interlocked.Read(ref _groupFailures);

    /// <summary>Readings written as new points (duplicates found by the lookup are not written).</summary>
    public long ReadingsWritten => Interlocked.Read(ref _readingsWritten);

    /// <summary>False after a request or write failed, true again after the next success.</summary>
    public bool Up
    {
        get
        {
            lock (_lock)
            {
                return _up;
            }
        }
    }

    /// <summary>The last failure's message and time, or nulls when none happened.</summary>
    public (string? Message, DateTimeOffset? At) LastError
    {
        get
        {
            lock (_lock)
            {
                return (_lastError, _lastErrorAt);
            }
        }
    }

    /// <summary>Cumulative counts per bound of <see cref="WriteBounds"/>, the count and the sum in seconds,
    /// of write groups from the start of their lookup until durable.</summary>
    public (long[] Cumulative, long Count, double Sum) WriteSeconds() => _writes.Snapshot();

    internal void RequestSucceeded()
    {
        Interlocked.Increment(ref _requests);
        lock (_lock)
        {
            _up = true;
        }
    }

    internal void RequestFailed(string message, DateTimeOffset at, bool willRetry)
    {
        Interlocked.Increment(ref _requestFailures);
        if (willRetry)
        {
            Interlocked.Increment(ref _retries);
        }
        lock (_lock)
        {
            _up = false;
            _lastError = message;
            _lastErrorAt = at;
        }
    }

    /// <summary>The outcome of a health probe: sets <see cref="Up"/> without counting a request.</summary>
    internal void Probed(bool up, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (!up && _up)
            {
                _lastError = "the health probe got no answer";
                _lastErrorAt = at;
            }
            _up = up;
        }
    }

    internal void GroupWritten(int readings, TimeSpan duration)
    {
        Interlocked.Increment(ref _groups);
        Interlocked.Add(ref _readingsWritten, readings);
        _writes.Observe(duration);
    }

    internal void GroupFailed(string message, DateTimeOffset at)
    {
        Interlocked.Increment(ref _groupFailures);
        lock (_lock)
        {
            _up = false;
            _lastError = message;
            _lastErrorAt = at;
        }
    }
}
