namespace TelemetryGateway.Mqtt.Packets;

/// <summary>Topic names, topic filters and matching (MQTT 5.0 §4.7, 3.1.1 §4.7).</summary>
public static class MqttTopic
{
    /// <summary>True when <paramref name="topic"/> has neither '+' nor '#' (§4.7.1: names carry no wildcards).</summary>
    public static bool HasNoWildcards(string topic) => topic.AsSpan().IndexOfAny('+', '#') < 0;

    /// <summary>A topic name a client may publish to: at least one character, no wildcards (§4.7.1, §4.7.3).</summary>
    public static bool IsValidTopicName(string topic) => topic.Length > 0 && HasNoWildcards(topic);

    /// <summary>
    /// A topic filter (§4.7.1): at least one character; '+' occupies a whole level; '#' is
    /// the last character and occupies a whole level. A shared subscription
    /// (<c>$share/{name}/{filter}</c>, 5.0 §4.8.2) is validated as such.
    /// </summary>
    public static bool IsValidTopicFilter(string filter)
    {
        if (filter.Length == 0)
        {
            return false;
        }

        for (var i = 0; i < filter.Length; i++)
        {
            var c = filter[i];
            var startsLevel = i == 0 || filter[i - 1] == '/';
            var endsLevel = i == filter.Length - 1 || filter[i + 1] == '/';
            if (c == '+' && !(startsLevel && endsLevel))
            {
                return false;
            }

            if (c == '#' && !(startsLevel && i == filter.Length - 1))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="topic"/> matches <paramref name="filter"/> (§4.7.1–§4.7.2):
    /// '+' matches one level, '#' the parent level and any below, and a filter starting with
    /// a wildcard does not match a topic starting with '$'.
    /// </summary>
    public static bool Matches(string filter, string topic)
    {
        if (topic.StartsWith('$') && filter.Length > 0 && filter[0] is '+' or '#')
        {
            return false;
        }

        var f = filter.AsSpan();
        var t = topic.AsSpan();
        while (true)
        {
            var fEnd = f.IndexOf('/');
            var fLevel = fEnd < 0 ? f : f[..fEnd];
            if (fLevel is "#")
            {
                return true;
            }

            var tEnd = t.IndexOf('/');
            var tLevel = tEnd < 0 ? t : t[..tEnd];
            if (!(fLevel is "+" || fLevel.SequenceEqual(tLevel)))
            {
                return false;
            }

            if (fEnd < 0 || tEnd < 0)
            {
                // "sport/#" also matches "sport" (§4.7.1.2): the filter may end in "/#".
                return fEnd < 0 && tEnd < 0 || (tEnd < 0 && f[(fEnd + 1)..] is "#");
            }

            f = f[(fEnd + 1)..];
            t = t[(tEnd + 1)..];
        }
    }
}
