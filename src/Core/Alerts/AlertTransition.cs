namespace TelemetryGateway.Core.Alerts;

/// <summary>What happened to a rule's condition for one patient. Values are stable (stored, on the wire).</summary>
public enum AlertTransition
{
    /// <summary>The condition started: a new episode.</summary>
    Raised = 1,
    /// <summary>Still the same episode, with a new severity or worst value (never a new alert).</summary>
    Updated = 2,
    /// <summary>The condition ended (past hysteresis): the episode is over.</summary>
    Cleared = 3,
}
