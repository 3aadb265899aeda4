using System.Globalization;

namespace TelemetryGateway.Grpc.Internal;

/// <summary>
/// The grpc-timeout header: Timeout → TimeoutValue TimeoutUnit; TimeoutValue → at most 8 ASCII digits;
/// TimeoutUnit → H | M | S | m | u | n (PROTOCOL-HTTP2.md, "Requests").
/// </summary>
public static class GrpcTimeout
{
    private const int MaxDigits = 8;
    private const long MaxValue = 99_999_999;

    /// <summary>Parses a header value; false for anything malformed (the call then has no deadline rejected as INTERNAL by the caller).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan timeout)
    {
        timeout = default;
        if (text.Length < 2 || text.Length > MaxDigits + 1)
        {
            return false;
        }
        var digits = text[..^1];
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        var value = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        // TimeSpan holds ±10,675,199 days; 99,999,999 hours exceeds that, so clamp instead of overflowing.
        timeout = text[^1] switch
        {
            'H' => Clamp(value, TimeSpan.TicksPerHour),
            'M' => Clamp(value, TimeSpan.TicksPerMinute),
            'S' => Clamp(value, TimeSpan.TicksPerSecond),
            'm' => TimeSpan.FromTicks(value * TimeSpan.TicksPerMillisecond),
            'u' => TimeSpan.FromTicks(value * 10),
            'n' => TimeSpan.FromTicks(value / 100),
            _ => TimeSpan.MinValue,
        };
        return timeout != TimeSpan.MinValue;
    }

    /// <summary>Formats a timeout in the finest unit whose value fits in 8 digits, rounding up so a deadline is never shortened below a tick.</summary>
    public static string Format(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return "1n";
        }
        var ticks = timeout.Ticks;
        // Ticks are 100 ns: nanoseconds = ticks × 100.
        if (ticks <= MaxValue / 100)
        {
            return (ticks * 100).ToString(CultureInfo.InvariantCulture) + "n";
        }
        ReadOnlySpan<(long TicksPerUnit, char Unit)> units =
        [
            (10, 'u'), (TimeSpan.TicksPerMillisecond, 'm'), (TimeSpan.TicksPerSecond, 'S'),
            (TimeSpan.TicksPerMinute, 'M'), (TimeSpan.TicksPerHour, 'H'),
        ];
        foreach (var (perUnit, unit) in units)
        {
            // Round up without overflow: ticks + perUnit - 1 wraps for TimeSpan.MaxValue.
            var value = ticks / perUnit + (ticks % perUnit == 0 ? 0 : 1);
            if (value <= MaxValue)
            {
                return value.ToString(CultureInfo.InvariantCulture) + unit;
            }
        }
        return MaxValue.ToString(CultureInfo.InvariantCulture) + "H";
    }

    private static TimeSpan Clamp(long value, long ticksPerUnit) =>
        value > TimeSpan.MaxValue.Ticks / ticksPerUnit ? TimeSpan.MaxValue : TimeSpan.FromTicks(value * ticksPerUnit);
}
