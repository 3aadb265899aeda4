using TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Gateway;

/// <summary>
/// Where the MQTT source hands what a monitor says that is not a reading (ambulance position/ETA, the monitor's
/// status): durable in the edge buffer, live band, delivered to the hub like readings (telemetry.proto rule 7).
/// The gateway's sink implements it beside <see cref="IReadingSink"/>; a sink without it drops such updates
/// (counted by the source).
/// </summary>
public interface IAmbulanceSink
{
    /// <summary>Commits the update to the buffer; returns its sequence number once durable.</summary>
    /// <exception cref="Storage.EdgeBuffer.BufferFullException">At capacity; not stored.</exception>
    /// <exception cref="Storage.EdgeBuffer.BufferWriteException">The commit failed; not stored.</exception>
    Task<long> AppendAmbulanceAsync(AmbulanceUpdate update, CancellationToken ct);
}
