namespace TelemetryGateway.Hub.Alerts;

/// <summary>Where an alert is in its lifecycle. Values are stable (stored).</summary>
public enum AlertState
{
    /// <summary>Open and not yet acknowledged by a person.</summary>
    Raised = 1,
    /// <summary>Open; a person has taken it on.</summary>
    Acknowledged = 2,
    /// <summary>Closed by a person (or automatically, for a cleared low-severity condition).</summary>
    Resolved = 3,
}

/// <summary>State names in text (JSON, query strings, the proto's <c>Alert.state</c>).</summary>
public static class AlertStateNames
{
    public static string ToName(AlertState state) => state switch
    {
        AlertState.Raised => "raised",
        AlertState.Acknowledged => "acknowledged",
        AlertState.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not an alert state."),
    };

    public static bool TryParse(string? text, out AlertState state)
    {
        state = text?.Trim().ToLowerInvariant() switch
        {
            "raised" => AlertState.Raised,
            "acknowledged" => AlertState.Acknowledged,
            "resolved" => AlertState.Resolved,
            _ => 0,
        };
        return state != 0;
    }
}
