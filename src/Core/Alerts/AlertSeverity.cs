namespace TelemetryGateway.Core.Alerts;

/// <summary>How urgently a person must act. Values are stable: stored and sent on the wire.</summary>
public enum AlertSeverity
{
    /// <summary>Needs a look at the next routine contact (a missed follow-up).</summary>
    Advisory = 1,
    /// <summary>Out of target: act within days (BP ≥ 140/90 uncontrolled, glucose low or high).</summary>
    Warning = 2,
    /// <summary>Act now (BP ≥ 180/110, glucose &lt; 3.0 mmol/L, NEWS2 5–6 or a single parameter scoring 3, a silent ambulance feed).</summary>
    Urgent = 3,
    /// <summary>Emergency response (NEWS2 ≥ 7).</summary>
    Emergency = 4,
}
