using TelemetryGateway.Core;

namespace TelemetryGateway.Serial.Meters.Contour;

/// <summary>Meal context a meter attaches to a glucose result (Bayer markers B, A, F).</summary>
public enum MealMarker
{
    None = 0,
    BeforeMeal = 1,
    AfterMeal = 2,
    Fasting = 3,
}

/// <summary>One glucose result record as the meter sent it, before it becomes a <see cref="Reading"/>.</summary>
/// <param name="RecordNumber">Field 2, the record's sequence number (E1394 §10.1.2): its position in this transfer,
/// for logs and errors only. The reading's device record number is <see cref="Identity"/>.</param>
/// <param name="Value">Field 4 as sent.</param>
/// <param name="Unit">Field 5 component 1 as sent ("mg/dL", "mmol/L").</param>
/// <param name="ReferenceMethod">Field 5 component 2: "P" plasma-referenced, "W" whole blood; empty when absent.</param>
/// <param name="Markers">Field 7 as sent, e.g. "B/X", "A/M0/T1".</param>
/// <param name="Meal">Meal marker among <paramref name="Markers"/>.</param>
/// <param name="Flags">Control solution, above/below the meter's range.</param>
/// <param name="MeasuredLocal">Field 9 (Bayer) or 13: the meter's local clock, no offset.</param>
public sealed record ContourResult(
    long RecordNumber,
    double Value,
    string Unit,
    string ReferenceMethod,
    string Markers,
    MealMarker Meal,
    ReadingFlags Flags,
    DateTime? MeasuredLocal)
{
    /// <summary>
    /// Which stored result this is, whatever its position (<see cref="ContourRecordIdentity"/>): the reading's device
    /// record number. <see cref="ContourRecords.ParseResult"/> assumes the first result of its minute;
    /// <see cref="ContourMessageDecoder"/> sets the ordinal from the transfer.
    /// </summary>
    public long Identity { get; init; } = ContourRecordIdentity.Of(ContourRecordIdentity.Minute(MeasuredLocal), 1);

    /// <summary>The stored time came with seconds (14 digits): the identity uses them (<see cref="ContourRecordIdentity.Key"/>).</summary>
    public bool StoredWithSeconds { get; init; }

    /// <summary>The stored time the identity is built on (<see cref="ContourRecordIdentity.Key"/>).</summary>
    public long IdentityKey => ContourRecordIdentity.Key(MeasuredLocal, StoredWithSeconds);

    /// <summary>A check of the meter with control solution: never a patient value.</summary>
    public bool IsControlSolution => (Flags & ReadingFlags.ControlSolution) != 0;
}
