using TelemetryGateway.Contracts.V1;
using AlertSignal = TelemetryGateway.Core.Alerts.AlertSignal;
using Reading = TelemetryGateway.Core.Reading;

namespace TelemetryGateway.Hub;

/// <summary>A batch after validation: what to store, what was rejected, and every sequence it carried
/// (all of them are acknowledged once the valid ones are durable).</summary>
/// <param name="Sequences">Every gateway sequence number of the batch.</param>
/// <param name="Valid">Readings to store, bindings applied.</param>
/// <param name="ValidSequences">The sequence number of each of <paramref name="Valid"/>.</param>
/// <param name="Rejections">One per rejected entry.</param>
/// <param name="Alerts">Alert signals raised at the edge, in batch order.</param>
internal sealed record PreparedBatch(long[] Sequences, List<Reading> Valid, List<long> ValidSequences, List<Rejection> Rejections, List<AlertSignal> Alerts)
{
    /// <summary>Valid ambulance position/status updates, in batch order (applied on receipt: live state, idempotent).</summary>
    public List<AmbulanceUpdate> Ambulances { get; init; } = [];

    /// <summary>The highest sequence number of the batch; null for an empty batch.</summary>
    public long? HighestSequence => Sequences.Length == 0 ? null : Sequences.Max();
}
