using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub;

/// <summary>
/// Where ingest hands the alert signals gateways raised at the edge. An implementation must be idempotent
/// (a replayed signal changes nothing) and durable when the task completes: the signal is acknowledged to
/// the gateway right after, and the gateway then deletes its copy.
/// </summary>
public interface IAlertIntake
{
    Task ApplyAsync(AlertSignal signal, string origin, CancellationToken ct);
}
