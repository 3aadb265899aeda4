using System.Globalization;
using System.Text;
using TelemetryGateway.Gateway.Uplink;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway;

/// <summary>Renders the gateway's metrics in the Prometheus text exposition format (version 0.0.4).</summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(GatewayMetrics metrics, EdgeBufferStats buffer, DateTimeOffset now, IReadOnlyList<Sources.IGatewaySource> sources,
        Alerts.EdgeAlerts? alerts = null)
    {
        var text = new StringBuilder(2048);
        Counter(text, "gateway_readings_accepted_total", "Readings committed to the durable buffer.", metrics.ReadingsAccepted);
        Header(text, "gateway_readings_rejected_total", "counter", "Readings refused before buffering, by reason.");
        foreach (var (reason, count) in metrics.RejectedByReason.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            Sample(text, "gateway_readings_rejected_total", count, ("reason", reason));
        }

        Counter(text, "gateway_readings_sent_total", "Readings sent to the hub, resends included.", metrics.ReadingsSent);
        Counter(text, "gateway_readings_acked_total", "Buffered readings deleted after the hub acknowledged them.", metrics.ReadingsAcked);
        Counter(text, "gateway_readings_evicted_total", "Buffered readings evicted at capacity since start.", buffer.Evicted);
        Gauge(text, "gateway_buffer_readings", "Readings waiting in the buffer.", buffer.Count);
        Gauge(text, "gateway_buffer_bytes", "Bytes waiting in the buffer (payload and key).", buffer.Bytes);
        Gauge(text, "gateway_buffer_oldest_age_seconds", "Age of the oldest buffered reading; 0 when empty.", OldestAge(buffer, now).TotalSeconds);

        Header(text, "gateway_uplink_state", "gauge", "1 for the uplink's current state.");
        foreach (var state in Enum.GetValues<UplinkState>())
        {
            Sample(text, "gateway_uplink_state", state == metrics.UplinkState ? 1 : 0, ("state", state.ToLabel()));
        }

        Counter(text, "gateway_uplink_reconnects_total", "Connection attempts after the first.", metrics.Reconnects);
        Counter(text, "gateway_uplink_unauthenticated_total", "Sessions the hub refused with UNAUTHENTICATED.", metrics.AuthenticationFailures);
        Header(text, "gateway_hub_rejections_total", "counter", "Readings the hub rejected, by reason.");
        foreach (var (reason, count) in metrics.HubRejectionsByReason.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            Sample(text, "gateway_hub_rejections_total", count, ("reason", reason));
        }

        foreach (var source in sources)
        {
            source.AppendMetrics(text);
        }

        alerts?.AppendMetrics(text);

        return text.ToString();
    }

    /// <summary>Age of the oldest buffered item over all classes; zero when the buffer is empty.</summary>
    public static TimeSpan OldestAge(EdgeBufferStats buffer, DateTimeOffset now)
    {
        var oldest = buffer.Priorities.Where(p => p.OldestCreated is not null).Select(p => p.OldestCreated!.Value).DefaultIfEmpty(now).Min();
        return oldest < now ? now - oldest : TimeSpan.Zero;
    }

    private static void Counter(StringBuilder text, string name, string help, double value)
    {
        Header(text, name, "counter", help);
        Sample(text, name, value);
    }

    private static void Gauge(StringBuilder text, string name, string help, double value)
    {
        Header(text, name, "gauge", help);
        Sample(text, name, value);
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, double value, params (string Name, string Value)[] labels)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                text.Append(i > 0 ? "," : "").Append(labels[i].Name).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }

    // Exposition format: in label values, backslash, double quote and line feed are escaped.
    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
