namespace TelemetryGateway.Hub.Alerts;

/// <summary>One entry of the append-only audit log: what happened to an alert, who did it and when, and
/// the alert as it stood afterwards. Delivered as it is to watchers, the browser and webhooks.</summary>
/// <param name="EventId">The audit entry's id: increasing, the resume point of every feed.</param>
/// <param name="Action">One of <see cref="AlertActions"/>.</param>
/// <param name="Actor">Gateway id, "hub", "escalation" or the person who acted.</param>
/// <param name="At">Hub clock.</param>
/// <param name="Notify">True when a person must be told (a new alert, a worse one before acknowledgement, an escalation).</param>
/// <param name="Recipients">Who this change is for.</param>
public sealed record AlertChange(
    long EventId,
    string Action,
    string Actor,
    string? Note,
    DateTimeOffset At,
    bool Notify,
    IReadOnlyList<AlertRecipient> Recipients,
    AlertRecord Alert);

/// <summary>A person to tell: <paramref name="Role"/> is one of <see cref="AlertRoles"/>; the contact as configured.</summary>
public sealed record AlertRecipient(string Role, string Contact);

/// <summary>Audit actions (stored: never rename).</summary>
public static class AlertActions
{
    public const string Raised = "raised";
    public const string Updated = "updated";
    /// <summary>A new episode of the rule while the alert was still open (after a clear not yet resolved).</summary>
    public const string Recurred = "recurred";
    public const string Cleared = "cleared";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
    public const string Escalated = "escalated";
    /// <summary>The follow-up deadline passed with the condition cleared and the alert acknowledged: no escalation.</summary>
    public const string FollowUpControlled = "follow-up-controlled";
}

/// <summary>Recipient roles along the follow-up path (design.md "Who uses it").</summary>
public static class AlertRoles
{
    public const string VillageDoctor = "village-doctor";
    public const string ClinicLead = "clinic-lead";
    public const string FamilyContact = "family-contact";
}

/// <summary>Actors that are not people.</summary>
public static class AlertActors
{
    public const string Hub = "hub";
    public const string Escalation = "escalation";
}
