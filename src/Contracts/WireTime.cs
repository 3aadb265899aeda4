using System.Globalization;

namespace TelemetryGateway.Contracts;

/// <summary>
/// Times off the wire, checked before they become <see cref="DateTimeOffset"/>s, whose constructors throw for a
/// time outside years 1-9999 or an offset beyond ±14 h: one bad field must cost only its own message, not the
/// batch that carries it.
/// </summary>
internal static class WireTime
{
    /// <summary>The widest UTC offset <see cref="DateTimeOffset"/> accepts, in minutes (±14 h).</summary>
    public const int MaxOffsetMinutes = 14 * 60;

    private static readonly long MinUnixMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxUnixMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>Why <paramref name="unixMs"/> (plus <paramref name="extraTicks"/>) at <paramref name="offsetMinutes"/>
    /// is no time, naming the wire fields; null when it is one.</summary>
    public static string? Problem(string field, long unixMs, string? offsetField = null, int offsetMinutes = 0, long extraTicks = 0)
    {
        if (offsetMinutes is < -MaxOffsetMinutes or > MaxOffsetMinutes)
        {
            return Invariant($"{offsetField} {offsetMinutes} is beyond ±{MaxOffsetMinutes} minutes (±14 h)");
        }
        if (unixMs < MinUnixMs || unixMs > MaxUnixMs)
        {
            return Invariant($"{field} {unixMs} is outside years 1-9999 ({MinUnixMs}..{MaxUnixMs})");
        }
        // Both the UTC instant and the local time it shows must lie in years 1-9999 (unixMs is bounded, no overflow).
        var utc = DateTimeOffset.UnixEpoch.UtcTicks + (unixMs * TimeSpan.TicksPerMillisecond) + extraTicks;
        var local = utc + (offsetMinutes * TimeSpan.TicksPerMinute);
        if (utc < 0 || utc > DateTime.MaxValue.Ticks || local < 0 || local > DateTime.MaxValue.Ticks)
        {
            return Invariant($"{field} {unixMs} at offset {offsetMinutes} min is outside years 1-9999");
        }
        return null;
    }

    /// <summary>The time <see cref="Problem"/> found none with.</summary>
    public static DateTimeOffset At(long unixMs, int offsetMinutes = 0, long extraTicks = 0)
    {
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (unixMs * TimeSpan.TicksPerMillisecond) + extraTicks + offset.Ticks, offset);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
