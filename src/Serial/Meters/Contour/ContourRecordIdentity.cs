namespace TelemetryGateway.Serial.Meters.Contour;

/// <summary>
/// A stored result's identity, independent of where it sits in the meter's memory: the meter's own time of the
/// test as stored (to the minute, before any zone or skew handling; to the second for a meter that sends seconds)
/// and its ordinal among the results of that minute in storage order, oldest first (<see cref="ContourMessageDecoder"/>).
/// Written as the decimal digits yyyyMMddHHmm followed by a two-digit ordinal, so 2026-11-01 07:30, first result
/// of that minute, is 20261101073001; with seconds, yyyyMMddHHmmss and the ordinal (2026110107300501).
/// </summary>
/// <remarks>
/// E1394 §10.1.2 sequence numbers are positions (1..total in each transfer): they shift when a full memory drops
/// its oldest result and restart at 1 after a clear, so they cannot say which results were synced before. The
/// stored time does not move. The value is never negative, below 2^53 (exact as a double at the hub), the same
/// on every gateway that syncs the meter, and readable in logs. A result without a stored time uses minute 0:
/// its identity is its ordinal among timeless results (the Contour family always stores a time).
/// </remarks>
public static class ContourRecordIdentity
{
    /// <summary>Results one minute can hold: a meter needs several seconds per test, so a dozen at most in practice.</summary>
    public const int MaxOrdinal = 99;

    /// <summary>yyyyMMddHHmm of the stored time, or 0 when none.</summary>
    public static long Minute(DateTime? storedLocal) => storedLocal is { } t
        ? (t.Year * 100_000_000L) + (t.Month * 1_000_000L) + (t.Day * 10_000L) + (t.Hour * 100L) + t.Minute
        : 0;

    /// <summary>
    /// The stored time a result is identified by: yyyyMMddHHmm for a meter that stores minutes (the 12-digit time),
    /// yyyyMMddHHmmss for one that sends seconds (the 14-digit time: same-minute results rarely share a second),
    /// 0 when none. The minute form is unchanged from the first identities, so 12-digit meters keep theirs.
    /// </summary>
    public static long Key(DateTime? storedLocal, bool withSeconds) => storedLocal is { } t && withSeconds
        ? (Minute(t) * 100) + t.Second
        : Minute(storedLocal);

    /// <summary>The identity of the <paramref name="ordinal"/>-th result (from 1) stored in <paramref name="minute"/>
    /// (or in the second, a <see cref="Key"/> with seconds).</summary>
    public static long Of(long minute, int ordinal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ordinal, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ordinal, MaxOrdinal);
        return (minute * 100) + ordinal;
    }

    /// <summary>The minute and ordinal back from an identity (for logs and tests).</summary>
    public static (long Minute, int Ordinal) Split(long identity) => (identity / 100, (int)(identity % 100));
}
