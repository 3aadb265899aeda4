using System.Globalization;
using System.Text;
using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Gateway.Alerts;

internal sealed partial class EdgeAlerts
{
    /// <summary>Appends the gateway_alert_* series in Prometheus text format.</summary>
    public void AppendMetrics(StringBuilder text)
    {
        long evaluated, notJudged, ticks;
        int open;
        lock (_lock)
        {
            evaluated = _engine.ReadingsEvaluated;
            notJudged = _engine.ReadingsNotJudged;
            open = _engine.OpenEpisodeCount;
            ticks = _ticks;
        }
        text.Append("# HELP gateway_alert_signals_total Alert signals committed to the buffer, by transition.\n");
        text.Append("# TYPE gateway_alert_signals_total counter\n");
        foreach (var transition in (ReadOnlySpan<AlertTransition>)[AlertTransition.Raised, AlertTransition.Updated, AlertTransition.Cleared])
        {
            text.Append(CultureInfo.InvariantCulture,
                $"gateway_alert_signals_total{{transition=\"{transition.ToString().ToLowerInvariant()}\"}} {Committed(transition)}\n");
        }
        Line(text, "gateway_alert_readings_evaluated_total", "counter", "Readings judged by the alert rules.", evaluated);
        Line(text, "gateway_alert_readings_not_judged_total", "counter", "Readings that are not patient data (control solution, device faults, waveforms).", notJudged);
        Line(text, "gateway_alert_episodes_open", "gauge", "Open alert episodes over every subject and rule.", open);
        Line(text, "gateway_alert_ticks_total", "counter", "Times the alert clock ticked.", ticks);
        Line(text, "gateway_alert_rules_version", "gauge", "Hub configuration version of the alert rules in force (0: defaults).", Interlocked.Read(ref _rulesVersion));
    }

    private static void Line(StringBuilder text, string name, string type, string help, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n");
}
