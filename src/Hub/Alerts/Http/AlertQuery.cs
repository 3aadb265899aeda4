using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>Query strings of the alert API: <c>clinic</c>, <c>patient</c>, <c>severity</c> (the minimum),
/// <c>state</c> (raised | acknowledged | resolved | open), <c>limit</c>, <c>after</c>, <c>alert</c>.</summary>
internal static class AlertQuery
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 1000;

    public static bool TryFilter(IQueryCollection query, [NotNullWhen(true)] out AlertFilter? filter, [NotNullWhen(false)] out string? error)
    {
        filter = null;
        AlertSeverity? minimum = null;
        if (Text(query, "severity") is { } severityText)
        {
            if (!AlertSeverityNames.TryParse(severityText, out var severity))
            {
                error = $"severity '{severityText}' is not advisory, warning, urgent or emergency.";
                return false;
            }
            minimum = severity;
        }
        AlertState? state = null;
        var open = false;
        if (Text(query, "state") is { } stateText)
        {
            if (string.Equals(stateText, "open", StringComparison.OrdinalIgnoreCase))
            {
                open = true;
            }
            else if (AlertStateNames.TryParse(stateText, out var parsed))
            {
                state = parsed;
            }
            else
            {
                error = $"state '{stateText}' is not raised, acknowledged, resolved or open.";
                return false;
            }
        }
        filter = new AlertFilter(Text(query, "clinic"), Text(query, "patient"), minimum, state, open);
        error = null;
        return true;
    }

    public static bool TryNumber(IQueryCollection query, string name, long fallback, long min, long max, out long value, [NotNullWhen(false)] out string? error)
    {
        value = fallback;
        error = null;
        if (Text(query, name) is not { } text)
        {
            return true;
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            error = $"{name} '{text}' is not a whole number from {min} to {max}.";
            return false;
        }
        return true;
    }

    private static string? Text(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrWhiteSpace(values[^1]) ? values[^1]!.Trim() : null;
}
