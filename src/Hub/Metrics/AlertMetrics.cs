using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Alerts;

namespace TelemetryGateway.Hub;

/// <summary>Counters of the alert lifecycle and its delivery, rendered with the hub's metrics.</summary>
public sealed class AlertMetrics
{
    private static readonly string[] LifecycleActions = [AlertActions.Raised, AlertActions.Acknowledged, AlertActions.Resolved, AlertActions.Escalated];

    private readonly ConcurrentDictionary<(string Action, AlertSeverity Severity), long> _changes = new();
    private readonly ConcurrentDictionary<(string Webhook, string Result), long> _webhooks = new();
    private long _signals;
    private long _duplicates;
    private long _refused;
    private long _open;
    private long _watcherOverflows;
    private long _linkRaised;
    private long _linkCleared;
    private long _linkRunEnded;
    private long _linkWatched;
    private long _linkFailed;
    private long _linkRefused;

    /// <summary>Alert changes of <paramref name="action"/> (an <see cref="AlertActions"/> value) at <paramref name="severity"/>.</summary>
    public long Changes(string action, AlertSeverity severity) => _changes.GetValueOrDefault((action, severity));

    /// <summary>Webhook attempts of <paramref name="webhook"/> ending in <paramref name="result"/>: delivered, failed (retried), gave-up.</summary>
    public long WebhookAttempts(string webhook, string result) => _webhooks.GetValueOrDefault((webhook, result));

    /// <summary>Signals applied (new, not replays).</summary>
    public long SignalsApplied => Interlocked.Read(ref _signals);

    /// <summary>Signals recognised as replays and ignored.</summary>
    public long SignalsDuplicate => Interlocked.Read(ref _duplicates);

    /// <summary>Signals refused as malformed.</summary>
    public long SignalsRefused => Interlocked.Read(ref _refused);

    /// <summary>Alerts not resolved.</summary>
    public long OpenAlerts => Interlocked.Read(ref _open);

    internal void Changed(string action, AlertSeverity severity) => _changes.AddOrUpdate((action, severity), 1, static (_, n) => n + 1);

    internal void Webhook(string webhook, string result) => _webhooks.AddOrUpdate((webhook, result), 1, static (_, n) => n + 1);

    internal void SignalApplied() => Interlocked.Increment(ref _signals);

    internal void SignalDuplicate() => Interlocked.Increment(ref _duplicates);

    internal void SignalRefused() => Interlocked.Increment(ref _refused);

    internal void SetOpen(long open) => Interlocked.Exchange(ref _open, open);

    internal void WatcherOverflow() => Interlocked.Increment(ref _watcherOverflows);

    /// <summary>stale.link signals of the hub's own link watch, by transition (raised or cleared).</summary>
    public long LinkSignals(AlertTransition transition) =>
        transition == AlertTransition.Raised ? Interlocked.Read(ref _linkRaised) : Interlocked.Read(ref _linkCleared);

    /// <summary>Silent feeds not alarmed because their run was over (arrived, or patient handed over).</summary>
    public long LinkRunEnded => Interlocked.Read(ref _linkRunEnded);

    /// <summary>Feeds the link watch follows now.</summary>
    public long LinkFeedsWatched => Interlocked.Read(ref _linkWatched);

    /// <summary>stale.link signals that failed to apply (each is retried).</summary>
    public long LinkSignalsFailed => Interlocked.Read(ref _linkFailed);

    /// <summary>Readings of live feeds not watched because the link watch was full.</summary>
    public long LinkFeedsRefused => Interlocked.Read(ref _linkRefused);

    internal void LinkSignalFailed() => Interlocked.Increment(ref _linkFailed);

    internal void LinkFeedRefused() => Interlocked.Increment(ref _linkRefused);

    internal void LinkSignal(AlertTransition transition) =>
        Interlocked.Increment(ref transition == AlertTransition.Raised ? ref _linkRaised : ref _linkCleared);

    internal void CountLinkRunEnded() => Interlocked.Increment(ref _linkRunEnded);

    internal void SetLinkFeedsWatched(long watched) => Interlocked.Exchange(ref _linkWatched, watched);

    internal void WritePrometheus(StringBuilder output)
    {
        foreach (var action in LifecycleActions)
        {
            var name = $"hub_alerts_{action}_total";
            output.Append(CultureInfo.InvariantCulture, $"# HELP {name} Alerts {action}, by severity.\n# TYPE {name} counter\n");
            foreach (var severity in Enum.GetValues<AlertSeverity>())
            {
                output.Append(CultureInfo.InvariantCulture, $"{name}{{severity=\"{AlertSeverityNames.ToName(severity)}\"}} {Changes(action, severity)}\n");
            }
        }
        output.Append(CultureInfo.InvariantCulture, $"# HELP hub_alerts_open Alerts not resolved.\n# TYPE hub_alerts_open gauge\nhub_alerts_open {OpenAlerts}\n");
        Counter(output, "hub_alert_signals_applied_total", "Alert signals applied to the lifecycle (replays excluded).", SignalsApplied);
        Counter(output, "hub_alert_signals_duplicate_total", "Alert signals recognised as replays and ignored.", SignalsDuplicate);
        Counter(output, "hub_alert_signals_refused_total", "Alert signals refused as malformed.", SignalsRefused);
        Counter(output, "hub_alert_watcher_overflows_total", "Alert watchers ended for falling too far behind.", Interlocked.Read(ref _watcherOverflows));
        output.Append(CultureInfo.InvariantCulture,
            $"# HELP hub_alert_link_signals_total stale.link signals of the hub's link watch, by transition.\n# TYPE hub_alert_link_signals_total counter\nhub_alert_link_signals_total{{transition=\"raised\"}} {LinkSignals(AlertTransition.Raised)}\nhub_alert_link_signals_total{{transition=\"cleared\"}} {LinkSignals(AlertTransition.Cleared)}\n");
        Counter(output, "hub_alert_link_signals_failed_total", "stale.link signals that failed to apply (retried at the next check).", LinkSignalsFailed);
        Counter(output, "hub_alert_link_feeds_refused_total", "Readings of live feeds not watched for stale.link because the watch was full.", LinkFeedsRefused);
        Counter(output, "hub_alert_link_run_ended_total", "Silent live feeds not alarmed because their run was over.", LinkRunEnded);
        output.Append(CultureInfo.InvariantCulture, $"# HELP hub_alert_link_feeds_watched Live feeds the link watch follows.\n# TYPE hub_alert_link_feeds_watched gauge\nhub_alert_link_feeds_watched {LinkFeedsWatched}\n");
        output.Append("# HELP hub_alert_webhook_attempts_total Webhook delivery attempts, by webhook and result (delivered, failed, gave-up).\n# TYPE hub_alert_webhook_attempts_total counter\n");
        foreach (var ((webhook, result), value) in _webhooks.OrderBy(kv => kv.Key.Webhook, StringComparer.Ordinal).ThenBy(kv => kv.Key.Result, StringComparer.Ordinal))
        {
            output.Append(CultureInfo.InvariantCulture, $"hub_alert_webhook_attempts_total{{webhook=\"{Escape(webhook)}\",result=\"{result}\"}} {value}\n");
        }
    }

    private static void Counter(StringBuilder output, string name, string help, long value) =>
        output.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
