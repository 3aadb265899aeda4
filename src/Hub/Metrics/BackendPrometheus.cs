using System.Globalization;
using System.Text;
using TelemetryGateway.Storage.Backends;

namespace TelemetryGateway.Hub;

/// <summary>The store's time-series server on <c>/metrics</c>: <c>hub_store_backend_*</c>, each labelled with
/// <c>backend="influxdb"</c> or <c>"victoriametrics"</c> (absent with the embedded SQLite store).</summary>
internal static class BackendPrometheus
{
    public static void Write(StringBuilder output, IBackendStore store)
    {
        var metrics = store.Metrics;
        var label = $"{{backend=\"{metrics.Backend}\"}}";
        One(output, "hub_store_backend_up", "gauge", "1 when the backend's last request or health probe succeeded.", label, metrics.Up ? 1 : 0);
        One(output, "hub_store_backend_requests_total", "counter", "HTTP requests the backend answered with success (writes, lookups, flushes).", label, metrics.Requests);
        One(output, "hub_store_backend_request_failures_total", "counter", "Request attempts that failed (no answer, timeout, error status).", label, metrics.RequestFailures);
        One(output, "hub_store_backend_retries_total", "counter", "Failed attempts tried again after backoff or the server's Retry-After.", label, metrics.Retries);
        One(output, "hub_store_backend_write_groups_total", "counter", "Write groups made durable.", label, metrics.WriteGroups);
        One(output, "hub_store_backend_write_failures_total", "counter", "Write groups that failed after their retries (not acknowledged).", label, metrics.WriteFailures);
        One(output, "hub_store_backend_readings_written_total", "counter", "Readings written as new points.", label, metrics.ReadingsWritten);
        One(output, "hub_store_backend_warnings", "gauge", "Weakened guarantees found at start (see /healthz).", label, store.Warnings.Count);

        const string Name = "hub_store_backend_write_seconds";
        var (cumulative, count, sum) = metrics.WriteSeconds();
        output.Append(CultureInfo.InvariantCulture, $"# HELP {Name} Write group latency: lookup, write and (VictoriaMetrics) persist, until durable.\n# TYPE {Name} histogram\n");
        for (var i = 0; i < cumulative.Length; i++)
        {
            output.Append(CultureInfo.InvariantCulture, $"{Name}_bucket{{backend=\"{metrics.Backend}\",le=\"{BackendMetrics.WriteBounds[i]}\"}} {cumulative[i]}\n");
        }
        output.Append(CultureInfo.InvariantCulture, $"{Name}_bucket{{backend=\"{metrics.Backend}\",le=\"+Inf\"}} {count}\n{Name}_sum{label} {sum}\n{Name}_count{label} {count}\n");
    }

    private static void One(StringBuilder output, string name, string type, string help, string label, long value) =>
        output.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name}{label} {value}\n");
}
