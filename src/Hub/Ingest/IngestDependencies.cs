using Microsoft.Extensions.Logging;
using TelemetryGateway.Storage.SeriesStore;
using TelemetryGateway.Hub.Ambulances;

namespace TelemetryGateway.Hub;

/// <summary>What every ingest stream shares.</summary>
internal sealed record IngestDependencies(
    string HubId,
    int MaxBatchReadings,
    IReadingStore Store,
    GatewayAuthenticator Authenticator,
    GatewayRegistry Gateways,
    BindingTable Bindings,
    BatchPreparer Preparer,
    HubMetrics Metrics,
    TimeProvider Time,
    ILogger Logger)
{
    /// <summary>Store writes of one stream in flight at once, beyond the one being acknowledged. The store
    /// commits concurrently queued batches together, so a few in flight turn per-batch fsyncs into shared ones.</summary>
    public int MaxWritesInFlight { get; init; } = 8;

    /// <summary>How long a new stream may take to send Hello.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Latest ambulance position/status (GET /api/ambulances).</summary>
    public AmbulanceRegistry Ambulances { get; init; } = new();

    /// <summary>Where edge alert signals go.</summary>
    public required IAlertIntake Alerts { get; init; }

    /// <summary>The configuration pushed to gateways (bindings and alert rules), again whenever it changes; null
    /// sends the bindings once.</summary>
    public ConfigurationFeed? Configurations { get; init; }

    /// <summary>The hub's own watch on live feeds (<c>stale.link</c>); none when null.</summary>
    public Alerts.LinkWatch? Links { get; init; }

    /// <summary>Where durable readings go for the dashboard's live view; none when null.</summary>
    public Live.LiveFeed? Live { get; init; }
}
