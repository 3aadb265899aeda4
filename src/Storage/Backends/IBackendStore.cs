namespace TelemetryGateway.Storage.Backends;

/// <summary>A reading store on a separate time-series server (InfluxDB, VictoriaMetrics): what the hub shows
/// about that server on <c>/metrics</c> and <c>/healthz</c>. The embedded SQLite store does not implement it.</summary>
public interface IBackendStore
{
    /// <summary>Requests, failures, retries and write latency of this store against its server.</summary>
    BackendMetrics Metrics { get; }

    /// <summary>Conditions found at start that do not stop the hub but weaken a guarantee, in plain words
    /// (e.g. VictoriaMetrics running without <c>-dedup.minScrapeInterval=1ms</c> when it is not required).</summary>
    IReadOnlyList<string> Warnings { get; }
}
