using TelemetryGateway.Bluetooth.Gatt.Encoding;

namespace TelemetryGateway.Bluetooth.Gatt.RecordAccess;

/// <summary>The operand of a filtered RACP request: a filter type and its bound(s) (GLS v1.0.1).</summary>
/// <remarks>"≤ N" uses <see cref="Maximum"/>, "≥ N" <see cref="Minimum"/>, "within range" both, in that
/// order on the wire (minimum first).</remarks>
/// <param name="Type">What the bounds are.</param>
/// <param name="Minimum">Lower bound (≥ and range).</param>
/// <param name="Maximum">Upper bound (≤ and range).</param>
public sealed record RacpFilter(RacpFilterType Type, RacpBound Minimum, RacpBound Maximum);

/// <summary>A sequence number or a user facing time, according to the filter type.</summary>
public readonly record struct RacpBound(ushort SequenceNumber, GattDateTime Time)
{
    public static RacpBound Sequence(ushort sequenceNumber) => new(sequenceNumber, default);

    public static RacpBound At(GattDateTime time) => new(0, time);
}
