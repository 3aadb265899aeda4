using System.Globalization;
using System.Text;
using TelemetryGateway.Grpc.Server;
using TelemetryGateway.Storage;
using TelemetryGateway.Storage.Backends;

namespace TelemetryGateway.Hub;

/// <summary>Renders the hub's and the gRPC server's counters in the Prometheus text exposition format 0.0.4.</summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(HubMetrics hub, GrpcServerMetrics grpc, IReadOnlyList<GatewaySnapshot> gateways, IBackendStore? backend = null)
    {
        var output = new StringBuilder(4096);
        Counter(output, "hub_readings_received_total", "Readings received in batches.", hub.ReadingsReceived);
        Counter(output, "hub_edge_alert_signals_total", "Alert signals raised at gateways and applied (replays included).", hub.AlertSignalsReceived);
        Counter(output, "hub_readings_stored_total", "Readings newly stored.", hub.ReadingsStored);
        Counter(output, "hub_readings_duplicate_total", "Readings already stored (acknowledged, not stored again).", hub.ReadingsDuplicate);
        Labelled(output, "hub_readings_rejected_total", "Readings rejected by validation, by reason.", "reason", hub.RejectedByReason);
        Labelled(output, "hub_gateway_auth_failures_total", "Ingest streams refused as unauthenticated, by reason.", "reason", hub.AuthFailuresByReason);
        Gauge(output, "hub_gateways_connected", "Gateways with an open, authenticated ingest stream.", hub.GatewaysConnected);
        Counter(output, "hub_ingest_batches_total", "Batches acknowledged.", hub.IngestBatches);
        Counter(output, "hub_store_write_failures_total", "Store writes that failed.", hub.StoreWriteFailures);
        Histogram(output, "hub_store_write_seconds", "Time from queueing a batch to the store until it is durable.", hub.StoreWriteSeconds);
        GatewayGauges(output, gateways);
        if (backend is not null)
        {
            BackendPrometheus.Write(output, backend);
        }
        hub.Alerts.WritePrometheus(output);
        hub.Live.WritePrometheus(output);
        hub.Ambulances.WritePrometheus(output);
        grpc.WritePrometheus(output);
        foreach (var section in hub.Sections)
        {
            section(output);
        }
        return output.ToString();
    }

    private static void Counter(StringBuilder output, string name, string help, long value) =>
        output.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");

    private static void Gauge(StringBuilder output, string name, string help, long value) =>
        output.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n");

    private static void Labelled(StringBuilder output, string name, string help, string label, IEnumerable<KeyValuePair<string, long>> values)
    {
        output.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n");
        foreach (var (key, value) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            output.Append(CultureInfo.InvariantCulture, $"{name}{{{label}=\"{Escape(key)}\"}} {value}\n");
        }
    }

    // What each gateway last reported of its buffer: readings still waiting, and readings it had to evict or
    // refuse at capacity (accepted data that will never arrive, so it must be visible at the hub).
    private static void GatewayGauges(StringBuilder output, IReadOnlyList<GatewaySnapshot> gateways)
    {
        (string Name, string Help, Func<GatewaySnapshot, long?> Value)[] series =
        [
            ("hub_gateway_buffered_readings", "Readings waiting in the gateway's buffer, as last reported.", g => g.BufferedReadings),
            ("hub_gateway_evicted_readings", "Readings the gateway evicted at buffer capacity since it started, as last reported.", g => g.EvictedReadings),
            ("hub_gateway_refused_readings", "Readings the gateway refused with a full buffer since it started, as last reported.", g => g.RefusedReadings),
        ];
        foreach (var (name, help, value) in series)
        {
            output.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n");
            foreach (var gateway in gateways)
            {
                if (value(gateway) is { } figure)
                {
                    output.Append(CultureInfo.InvariantCulture, $"{name}{{gateway=\"{Escape(gateway.Id)}\"}} {figure}\n");
                }
            }
        }
    }

    private static void Histogram(StringBuilder output, string name, string help, DurationHistogram histogram)
    {
        var (cumulative, count, sum) = histogram.Snapshot();
        output.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} histogram\n");
        for (var i = 0; i < cumulative.Length; i++)
        {
            output.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{le=\"{histogram.Bounds[i]}\"}} {cumulative[i]}\n");
        }
        output.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{le=\"+Inf\"}} {count}\n{name}_sum {sum}\n{name}_count {count}\n");
    }

    /// <summary>Label values escape backslash, double quote and line feed (exposition format, "Text format details").</summary>
    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
