using System.Globalization;
using Microsoft.AspNetCore.Http;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Hub;

/// <summary>Turns the query string of <c>GET /api/readings</c> into a <see cref="ReadingQuery"/>, or says what is wrong.</summary>
/// <remarks>Strict on purpose: a misspelt filter (<c>devce=</c>) would otherwise silently return every
/// patient's readings, so unknown, repeated or empty parameters are refused.</remarks>
internal static class ReadingsQueryParser
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "device", "patient", "kind", "from", "to", "limit", "order" };

    public static bool TryParse(IQueryCollection parameters, out ReadingQuery query, out string error)
    {
        query = new ReadingQuery();
        error = "";
        foreach (var (key, values) in parameters)
        {
            if (!Known.Contains(key))
            {
                error = $"Unknown parameter '{key}'; known: {string.Join(", ", Known)}.";
                return false;
            }
            if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
            {
                error = $"Parameter '{key}' must be given once, with a value.";
                return false;
            }
            var value = values[0]!;
            switch (key)
            {
                case "device":
                    query = query with { DeviceId = value };
                    break;
                case "patient":
                    query = query with { PatientId = value };
                    break;
                case "kind":
                    query = query with { Kind = value };
                    break;
                case "from" or "to":
                    if (!TryParseTime(value, out var time))
                    {
                        error = $"'{key}' must be an ISO-8601 time with offset, e.g. 2024-05-01T08:00:00Z; got '{value}'.";
                        return false;
                    }
                    query = key == "from" ? query with { From = time } : query with { To = time };
                    break;
                case "limit":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit is < 1 or > ReadingQuery.MaxLimit)
                    {
                        error = $"'limit' must be a whole number from 1 to {ReadingQuery.MaxLimit}; got '{value}'.";
                        return false;
                    }
                    query = query with { Limit = limit };
                    break;
                case "order":
                    QueryOrder? order = value switch
                    {
                        "newest" or "desc" => QueryOrder.NewestFirst,
                        "oldest" or "asc" => QueryOrder.OldestFirst,
                        _ => null,
                    };
                    if (order is null)
                    {
                        error = $"'order' must be 'newest' or 'oldest'; got '{value}'.";
                        return false;
                    }
                    query = query with { Order = order.Value };
                    break;
            }
        }
        if (query is { From: { } from, To: { } to } && to <= from)
        {
            error = $"'to' ({to:O}) must be after 'from' ({from:O}).";
            return false;
        }
        return true;
    }

    private static bool TryParseTime(string text, out DateTimeOffset time)
    {
        // An unencoded '+' in a query string arrives as a space: "08:00:00 08:00" meant "08:00:00+08:00".
        text = text.Replace(' ', '+');
        time = default;
        // ISO-8601 dates only (yyyy-MM-dd…), not whatever else the lenient parser would guess at.
        return text.Length >= 10 && text[4] == '-' && text[7] == '-'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }
}
