namespace TelemetryGateway.Core.Alerts.Engine;

/// <summary>What one evaluation did to an episode.</summary>
internal enum Change : byte
{
    None,
    Raised,
    Escalated,
    DeEscalated,
    Cleared,
}

/// <summary>One rule's episode for one subject: open while <see cref="Severity"/> is set.</summary>
internal sealed class Episode(string ruleId)
{
    /// <summary>No open episode.</summary>
    public const AlertSeverity None = 0;

    public string RuleId { get; } = ruleId;

    public AlertSeverity Severity;
    public DateTimeOffset Start;

    /// <summary>Latest time this rule judged: an older reading is out of order and judged by nobody.</summary>
    public DateTimeOffset Last = DateTimeOffset.MinValue;

    /// <summary>Worst value(s) in the last signal sent, to decide whether a value worsened materially.</summary>
    public double Worst;
    public double Worst2;

    /// <summary>Since when the condition has been below the episode's severity (clear debounce).</summary>
    public bool LowerPending;
    public DateTimeOffset LowerSince;

    /// <summary>The level the latest reading asked for while <see cref="LowerPending"/>.</summary>
    public AlertSeverity LowerTarget;

    /// <summary>True while the latest readings are back in range and only the clear hold keeps the episode open.</summary>
    public bool ClearPending => LowerPending && LowerTarget == None;

    public bool IsOpen => Severity != None;

    /// <summary>The one state machine of every rule. Up is immediate (a late alert is the failure users fear
    /// most); down (de-escalation or clear) only after the lower level has held for <paramref name="hold"/>
    /// (zero: at once), which with the rules' hysteresis margins keeps a value hovering on a line from flapping.</summary>
    public Change Advance(DateTimeOffset at, AlertSeverity target, TimeSpan hold, DateTimeOffset start)
    {
        if (target > Severity)
        {
            var raised = !IsOpen;
            Severity = target;
            LowerPending = false;
            if (raised)
            {
                Start = start;
                return Change.Raised;
            }
            return Change.Escalated;
        }
        if (target == Severity)
        {
            LowerPending = false;
            return Change.None;
        }
        if (hold > TimeSpan.Zero)
        {
            if (!LowerPending)
            {
                LowerPending = true;
                LowerSince = at;
            }
            LowerTarget = target;
            if (at - LowerSince < hold)
            {
                return Change.None;
            }
        }
        LowerPending = false;
        Severity = target;
        return target == None ? Change.Cleared : Change.DeEscalated;
    }
}
