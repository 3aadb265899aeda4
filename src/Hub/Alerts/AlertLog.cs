using Microsoft.Extensions.Logging;
using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>Log messages of the alert lifecycle and delivery; event ids 370–389 are stable.</summary>
internal static partial class AlertLog
{
    [LoggerMessage(370, LogLevel.Information, "Alert store open at {Path}: {Open} open alerts, rules version {RulesVersion}, {Webhooks} webhooks")]
    public static partial void Opened(ILogger logger, string path, long open, long rulesVersion, int webhooks);

    [LoggerMessage(371, LogLevel.Warning, "Alert signal from {Origin} refused: {Reason}")]
    public static partial void SignalRefused(ILogger logger, string origin, string reason);

    [LoggerMessage(372, LogLevel.Information, "Alert {AlertId} {Action} by {Actor} ({Severity}, {Subject}, {RuleId})")]
    public static partial void Changed(ILogger logger, long alertId, string action, string actor, AlertSeverity severity, string subject, string ruleId);

    [LoggerMessage(373, LogLevel.Warning, "Alert {AlertId} escalated for {Subject}: {Note}")]
    public static partial void Escalated(ILogger logger, long alertId, string subject, string note);

    [LoggerMessage(374, LogLevel.Warning, "Webhook {Webhook} attempt {Attempt} for event {EventId} failed: {Error}; next attempt in {Delay}")]
    public static partial void WebhookRetry(ILogger logger, string webhook, int attempt, long eventId, string error, TimeSpan delay);

    [LoggerMessage(375, LogLevel.Error, "Webhook {Webhook} gave up event {EventId} after {Attempts} attempts: {Error}")]
    public static partial void WebhookGaveUp(ILogger logger, string webhook, long eventId, int attempts, string error);

    [LoggerMessage(376, LogLevel.Error, "Alert background work ({Work}) failed; it carries on at the next interval")]
    public static partial void BackgroundFailed(ILogger logger, Exception exception, string work);

    [LoggerMessage(377, LogLevel.Information, "Alert rules changed to version {Version} ({Entries} entries set through the API)")]
    public static partial void RulesChanged(ILogger logger, long version, int entries);

    [LoggerMessage(378, LogLevel.Error, "Stored alert rules cannot be applied ({Error}); the defaults are in force until they are set again")]
    public static partial void StoredRulesInvalid(ILogger logger, string error);

    [LoggerMessage(379, LogLevel.Warning, "Alert watcher too slow: ended after {Capacity} undelivered changes (it resumes from its last event id)")]
    public static partial void WatcherOverflow(ILogger logger, int capacity);

    [LoggerMessage(380, LogLevel.Error, "stale.link {Transition} of monitor {DeviceId} could not be applied; the link watch retries at its next check")]
    public static partial void LinkSignalFailed(ILogger logger, Exception exception, string transition, string deviceId);

    [LoggerMessage(381, LogLevel.Warning, "Link watch full ({MaxFeeds} feeds): monitor {DeviceId} is not watched for stale.link")]
    public static partial void LinkFeedRefused(ILogger logger, int maxFeeds, string deviceId);
}
