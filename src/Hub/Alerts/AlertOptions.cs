using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>Alert lifecycle, escalation and delivery settings (<c>Hub:Alerts</c>).</summary>
public sealed class AlertOptions
{
    /// <summary>The alert database; <c>&lt;DataDirectory&gt;/alerts.db</c> when empty.</summary>
    public string? Path { get; set; }

    /// <summary>
    /// A Cleared signal resolves the alert by itself only up to this severity ("none", "advisory" (default),
    /// "warning" …). Above it a person resolves: clinic staff want to see a cleared urgent condition, not find
    /// it gone.
    /// </summary>
    public string AutoResolveClearedUpTo { get; set; } = "advisory";

    /// <summary>Time from notifying the village doctor to the second follow-up deadline, per severity.</summary>
    public FollowUpDeadlines FollowUp { get; set; } = new();

    /// <summary>How often the hub looks for follow-up deadlines that have passed.</summary>
    public TimeSpan EscalationCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>stale.link</c> (docs/alerts.md): a continuous feed that was streaming to the hub and has sent nothing
    /// for this many seconds on the hub clock raises an urgent alert, unless its gateway is still heard from (then
    /// the gateway's own <c>stale.feed</c> speaks for the monitor). 0 switches the rule off.
    /// </summary>
    public int LinkSilentSeconds { get; set; } = 15;

    /// <summary>How often the hub looks for silent feeds (<c>stale.link</c>).</summary>
    public TimeSpan LinkCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Webhooks by name (<c>Hub:Alerts:Webhooks:&lt;name&gt;</c>).</summary>
    public Dictionary<string, WebhookOptions> Webhooks { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Second follow-up deadlines (<c>Hub:Alerts:FollowUp</c>): a BP Warning waits for the village
/// doctor's next visit, an Urgent value for hours.</summary>
public sealed class FollowUpDeadlines
{
    public TimeSpan Advisory { get; set; } = TimeSpan.FromDays(14);

    public TimeSpan Warning { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan Urgent { get; set; } = TimeSpan.FromHours(4);

    public TimeSpan Emergency { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan For(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Advisory => Advisory,
        AlertSeverity.Warning => Warning,
        AlertSeverity.Urgent => Urgent,
        _ => Emergency,
    };
}

/// <summary>One webhook (<c>Hub:Alerts:Webhooks:&lt;name&gt;</c>): every delivered change matching the
/// filter is POSTed as JSON, signed (README.md "Webhooks").</summary>
public sealed class WebhookOptions
{
    public string Url { get; set; } = "";

    /// <summary>The HMAC-SHA256 key of the signature header.</summary>
    public string Secret { get; set; } = "";

    public string? Clinic { get; set; }

    public string? Patient { get; set; }

    /// <summary>Minimum severity ("warning" …); every severity when empty.</summary>
    public string? MinSeverity { get; set; }

    /// <summary>Only changes a person must be told about (default): what an SMS gateway wants.</summary>
    public bool NotificationsOnly { get; set; } = true;

    /// <summary>Attempts before a delivery is given up (counted and logged as failed).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failure; doubles after each further failure, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Time allowed for one attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
