namespace TelemetryGateway.Storage.SeriesStore;

/// <summary>Which stored readings to return (the hub's <c>GET /api/readings</c>). Null filters match everything.</summary>
/// <remarks>Times compare against <see cref="Core.Reading.EffectiveTime"/> over the half-open range
/// [<see cref="From"/>, <see cref="To"/>), so consecutive windows neither overlap nor leave gaps.</remarks>
public sealed record ReadingQuery
{
    /// <summary>Default <see cref="Limit"/>.</summary>
    public const int DefaultLimit = 1000;

    /// <summary>Largest allowed <see cref="Limit"/>.</summary>
    public const int MaxLimit = 100_000;

    private readonly int _limit = DefaultLimit;

    /// <summary>Only this device.</summary>
    public string? DeviceId { get; init; }

    /// <summary>Only this patient.</summary>
    public string? PatientId { get; init; }

    /// <summary>Only this kind, e.g. "bp.systolic".</summary>
    public string? Kind { get; init; }

    /// <summary>Effective time at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Effective time strictly before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>At most this many readings, 1 to <see cref="MaxLimit"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 1 to <see cref="MaxLimit"/>.</exception>
    public int Limit
    {
        get => _limit;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxLimit);
            _limit = value;
        }
    }

    /// <summary>Newest first (the default: what a dashboard shows) or oldest first (what an export reads).</summary>
    public QueryOrder Order { get; init; } = QueryOrder.NewestFirst;
}

/// <summary>Order of query results by effective time; readings at the same instant come in the order they were stored (or its reverse).</summary>
public enum QueryOrder
{
    /// <summary>Latest effective time first.</summary>
    NewestFirst = 0,

    /// <summary>Earliest effective time first.</summary>
    OldestFirst = 1,
}
