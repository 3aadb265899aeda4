using Microsoft.Extensions.Logging;
using TelemetryGateway.Gateway.Ingest;
using TelemetryGateway.Grpc.Client;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway.Uplink;

/// <summary>What every session of the uplink shares: settings, buffer, channel, signals, counters.</summary>
internal sealed record UplinkContext(
    GatewayOptions Options,
    EdgeBufferStore Buffer,
    DeviceBindingTable Bindings,
    GatewayMetrics Metrics,
    GrpcChannel Channel,
    WorkSignal Signal,
    Pulse Acked,
    TimeProvider Time,
    ILogger Logger)
{
    /// <summary>Largest batch in bytes (payload + key), besides the reading count limit.</summary>
    public const long MaxBatchBytes = 1024 * 1024;

    /// <summary>How long to wait for Welcome after Hello.</summary>
    public TimeSpan WelcomeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest idle wait of the sender: a safety net should a wake-up ever be missed.</summary>
    public TimeSpan SafetyInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The edge alert rules, which take their thresholds from each Configuration; null when off.</summary>
    public Alerts.EdgeAlerts? Alerts { get; init; }

    /// <summary>Test hook: called with the ranges of each applied ack.</summary>
    public Action<IReadOnlyList<SequenceRange>>? OnAcknowledged { get; init; }

    /// <summary>
    /// Most back-fill batches in flight. The hub answers batches in order, so every back-fill batch in flight
    /// is one a live batch may queue behind; two keep the hub busy (one being stored, the next waiting) while
    /// bounding that wait. The other slots stay free for live vitals and alerts.
    /// </summary>
    public int MaxBulkInFlight => Math.Clamp(Options.MaxInFlightBatches / 2, 1, 2);
}
