using System.Globalization;

namespace TelemetryGateway.Storage.VictoriaMetrics.Internal;

/// <summary>Reads VictoriaMetrics' <c>-dedup.minScrapeInterval</c> from its <c>/flags</c> page and says what is
/// wrong with it for the hub (pure: text in, verdict out).</summary>
/// <remarks>
/// <para>Why the hub needs it: the store's lookup-before-write can miss a point VictoriaMetrics accepted but has
/// not made searchable yet (it keeps new samples in memory for up to a second; a write whose flush failed leaves
/// them there). A replay of such a reading is written again at the same millisecond of the same series: without
/// deduplication VictoriaMetrics keeps both samples and the reading is counted twice.</para>
/// <para>Why exactly 1 ms: the interval is applied in whole milliseconds per series, keeping one sample per
/// interval. Less than 1 ms rounds to 0 (off); more than 1 ms merges different readings a millisecond or more
/// apart (a 1 Hz monitor under <c>1s</c> would keep most samples, a 300-record meter burst would keep one):
/// acknowledged readings would silently disappear.</para>
/// <para><c>/flags</c> lists only the flags set on the command line, one per line: <c>-name="value"</c>.</para>
/// </remarks>
internal static class VmDeduplication
{
    public const string Flag = "dedup.minScrapeInterval";

    /// <summary>The value of <see cref="Flag"/> in a <c>/flags</c> page, or null when it is not set.</summary>
    public static string? ValueIn(string flagsPage)
    {
        foreach (var raw in flagsPage.Split('\n'))
        {
            var line = raw.Trim();
            var prefix = "-" + Flag + "=";
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..].Trim('"');
            }
        }
        return null;
    }

    /// <summary>Null when <paramref name="value"/> (the flag's value, null when unset) deduplicates exactly one
    /// sample per series and millisecond; otherwise what is wrong, in words an operator can act on.</summary>
    public static string? Problem(string? value)
    {
        if (value is null)
        {
            return "VictoriaMetrics runs without -dedup.minScrapeInterval: a replayed reading whose first copy was not yet searchable is stored twice. Start it with -dedup.minScrapeInterval=1ms";
        }
        if (!TryParseDuration(value, out var interval))
        {
            return $"VictoriaMetrics' -dedup.minScrapeInterval is '{value}', which the hub cannot read; it must be 1ms";
        }
        if (interval < TimeSpan.FromMilliseconds(1))
        {
            return $"VictoriaMetrics' -dedup.minScrapeInterval is {value}, which it rounds down to 0 ms (off): a replayed reading can be stored twice. Set it to 1ms";
        }
        if (interval > TimeSpan.FromMilliseconds(1))
        {
            return $"VictoriaMetrics' -dedup.minScrapeInterval is {value}: it keeps one sample per series every {value}, so different readings of one device and kind closer than that are merged and lost. Set it to 1ms";
        }
        return null;
    }

    /// <summary>A Go duration such as <c>1ms</c>, <c>1.5s</c>, <c>1m30s</c>, <c>500us</c> or <c>0</c>.</summary>
    internal static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is "0" or "")
        {
            return text == "0";
        }
        var ticks = 0m;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }
            if (i == start || !decimal.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }
            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }
            decimal? perUnit = text[unitStart..i] switch
            {
                "ns" => 0.01m,
                "us" or "µs" or "μs" => 10m,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => null,
            };
            if (perUnit is null)
            {
                return false;
            }
            ticks += number * perUnit.Value;
        }
        duration = TimeSpan.FromTicks((long)ticks);
        return true;
    }
}
