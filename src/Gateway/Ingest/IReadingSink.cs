using TelemetryGateway.Core;

namespace TelemetryGateway.Gateway;

/// <summary>
/// Where sources hand readings to the gateway. A reading is accepted once it is durable in the edge
/// buffer with a sequence number; the uplink takes it from there.
/// </summary>
public interface IReadingSink
{
    /// <summary>
    /// Validates each reading, fills in the patient from the hub's device bindings where the reading names
    /// none, and commits the valid ones to the buffer in one transaction. Returns, aligned with
    /// <paramref name="readings"/>, each reading's sequence number, or <see cref="AcceptResult.NotAccepted"/> (0)
    /// for a reading refused by validation (counted by reason in gateway_readings_rejected_total and logged,
    /// never buffered). A reading whose key is still buffered gets the buffered sequence number.
    /// Returns only after the commit.
    /// </summary>
    /// <exception cref="Storage.EdgeBuffer.BufferFullException">At capacity; none of the readings was stored.</exception>
    /// <exception cref="Storage.EdgeBuffer.BufferWriteException">The commit failed; none was stored.</exception>
    Task<IReadOnlyList<long>> AcceptAsync(IReadOnlyList<Reading> readings, CancellationToken ct);

    /// <summary>As <see cref="AcceptAsync"/>, with the reason for each refused reading.</summary>
    Task<AcceptResult> SubmitAsync(IReadOnlyList<Reading> readings, CancellationToken ct);
}

/// <summary>Outcome of <see cref="IReadingSink.SubmitAsync"/>.</summary>
/// <param name="Sequences">Aligned with the readings given: the sequence number, or 0 when refused.</param>
/// <param name="Rejections">The refused readings: their index in the input and why.</param>
public sealed record AcceptResult(IReadOnlyList<long> Sequences, IReadOnlyList<ReadingRejection> Rejections)
{
    /// <summary>Marks a refused reading in <see cref="Sequences"/> (buffer sequence numbers start at 1).</summary>
    public const long NotAccepted = 0;

    public int AcceptedCount => Sequences.Count - Rejections.Count;
}

/// <summary>A reading refused before buffering.</summary>
/// <param name="Index">Position in the input list.</param>
/// <param name="Reason">Machine-readable reason (also the metric label).</param>
/// <param name="Message">What is wrong, naming the offending value.</param>
public sealed record ReadingRejection(int Index, RejectReason Reason, string Message);
