using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Hub.Ambulances;

/// <summary>What the hub keeps of one ambulance: the merged result of its updates, as held in memory by
/// <see cref="AmbulanceRegistry"/> and on disk by <see cref="AmbulanceStore"/>.</summary>
/// <param name="Unit">The ambulance.</param>
/// <param name="GatewayId">Gateway of the update received last (by <paramref name="LastSeenUnixMs"/>).</param>
/// <param name="PatientId">Latest patient named by an update; null when none named one.</param>
/// <param name="LastSeenUnixMs">Newest gateway receive time of any update.</param>
/// <param name="Devices">Monitors that reported for the unit.</param>
/// <param name="Position">Newest fix by the update's effective time; null before the first one.</param>
/// <param name="PositionTime">Effective time of <paramref name="Position"/>.</param>
/// <param name="Status">Newest monitor status by effective time; null before the first one.</param>
/// <param name="StatusDevice">The monitor that reported <paramref name="Status"/>.</param>
/// <param name="StatusTime">Effective time of <paramref name="Status"/>.</param>
internal sealed record AmbulanceRecord(
    string Unit,
    string GatewayId,
    string? PatientId,
    long LastSeenUnixMs,
    IReadOnlyList<string> Devices,
    Proto.AmbulancePosition? Position,
    long PositionTime,
    Proto.MonitorStatus? Status,
    string? StatusDevice,
    long StatusTime);
