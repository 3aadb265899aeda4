namespace TelemetryGateway.Storage;

/// <summary>A Prometheus histogram of durations in seconds over fixed bucket bounds (thread-safe).</summary>
public sealed class DurationHistogram
{
    /// <summary>1 ms to 10 s.</summary>
    public static readonly IReadOnlyList<double> DefaultBounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly long[] _buckets;
    private readonly Lock _lock = new();
    private long _count;
    private double _sum;

    /// <param name="bounds">Ascending upper bounds in seconds; <see cref="DefaultBounds"/> when omitted.</param>
    public DurationHistogram(IReadOnlyList<double>? bounds = null)
    {
        Bounds = bounds ?? DefaultBounds;
        _buckets = new long[Bounds.Count];
    }

    /// <summary>Upper bounds of the buckets, in seconds (the +Inf bucket is the count).</summary>
    public IReadOnlyList<double> Bounds { get; }

    /// <summary>Observations so far.</summary>
    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Sum of the observations, in seconds.</summary>
    public double Sum
    {
        get
        {
            lock (_lock)
            {
                return _sum;
            }
        }
    }

    /// <summary>Records one duration.</summary>
    public void Observe(TimeSpan duration)
    {
        var seconds = duration.TotalSeconds;
        lock (_lock)
        {
            _count++;
            _sum += seconds;
            for (var i = 0; i < _buckets.Length; i++)
            {
                if (seconds <= Bounds[i])
                {
                    _buckets[i]++;
                    break;
                }
            }
        }
    }

    /// <summary>Cumulative bucket counts (as Prometheus wants them), the count and the sum, taken together.</summary>
    public (long[] Cumulative, long Count, double Sum) Snapshot()
    {
        lock (_lock)
        {
            var cumulative = new long[_buckets.Length];
            long running = 0;
            for (var i = 0; i < _buckets.Length; i++)
            {
                running += _buckets[i];
                cumulative[i] = running;
            }
            return (cumulative, _count, _sum);
        }
    }
}
