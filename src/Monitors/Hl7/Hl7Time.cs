using System.Globalization;

namespace TelemetryGateway.Monitors.Hl7;

/// <summary>HL7 v2 DTM values: <c>YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]</c> (v2.6 §2.A.22).</summary>
public static class Hl7Time
{
    /// <summary>Parses a DTM. Without a zone offset the value is read as UTC and <paramref name="hadOffset"/> is false.</summary>
    public static bool TryParse(string text, out DateTimeOffset time, out bool hadOffset)
    {
        time = default;
        hadOffset = false;
        text = text.Trim();
        var zoneAt = text.IndexOfAny(['+', '-']);
        var offset = TimeSpan.Zero;
        if (zoneAt >= 0)
        {
            var zone = text.AsSpan(zoneAt + 1);
            if (zone.Length != 4 || !int.TryParse(zone[..2], NumberStyles.None, CultureInfo.InvariantCulture, out var hh)
                || !int.TryParse(zone[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var mm) || hh > 14 || mm > 59)
            {
                return false;
            }
            offset = new TimeSpan(hh, mm, 0) * (text[zoneAt] == '-' ? -1 : 1);
            hadOffset = true;
            text = text[..zoneAt];
        }
        var fraction = 0L;
        var dot = text.IndexOf('.');
        if (dot >= 0)
        {
            var digits = text.AsSpan(dot + 1);
            if (dot != 14 || digits.Length is < 1 or > 4 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out fraction))
            {
                return false;
            }
            for (var i = digits.Length; i < 7; i++)
            {
                fraction *= 10; // to ticks (100 ns)
            }
            text = text[..dot];
        }
        if (text.Length is not (4 or 6 or 8 or 10 or 12 or 14) || !text.All(char.IsAsciiDigit))
        {
            return false;
        }
        int Part(int at, int fallback) => text.Length > at ? int.Parse(text.AsSpan(at, 2), CultureInfo.InvariantCulture) : fallback;
        var year = int.Parse(text.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var (month, day, hour, minute, second) = (Part(4, 1), Part(6, 1), Part(8, 0), Part(10, 0), Part(12, 0));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        try
        {
            time = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fraction);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // e.g. year 1 with a positive offset: before DateTimeOffset.MinValue in UTC
        }
    }

    /// <summary>Formats a time as DTM with milliseconds and its offset, e.g. 20261122081530.250+0000.</summary>
    public static string Format(DateTimeOffset time) =>
        time.ToString("yyyyMMddHHmmss.fff", CultureInfo.InvariantCulture)
        + (time.Offset < TimeSpan.Zero ? "-" : "+")
        + time.Offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);
}
