using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.Glucose;

/// <summary>Glucose Measurement, 0x2A18 (GSS, Glucose Measurement; GLS v1.0.1).</summary>
/// <param name="SequenceNumber">The record number in the meter's memory (the RACP filter key).</param>
/// <param name="BaseTime">Device wall clock of the measurement, before <paramref name="TimeOffsetMinutes"/>.</param>
/// <param name="TimeOffsetMinutes">Flags bit 0; added to the base time (GSS, Glucose Measurement).</param>
/// <param name="Concentration">Flags bit 1; in <paramref name="Unit"/>.</param>
/// <param name="Unit">Flags bit 2 (meaningful only with a concentration).</param>
/// <param name="Type">Flags bit 1: low nibble of Type-Sample Location.</param>
/// <param name="Location">Flags bit 1: high nibble of Type-Sample Location.</param>
/// <param name="Status">Flags bit 3.</param>
/// <param name="ContextFollows">Flags bit 4: a Glucose Measurement Context with the same sequence number follows.</param>
public sealed record GlucoseMeasurement(
    ushort SequenceNumber,
    GattDateTime BaseTime,
    short? TimeOffsetMinutes,
    MedicalFloat? Concentration,
    GlucoseConcentrationUnit Unit,
    GlucoseSampleType? Type,
    GlucoseSampleLocation? Location,
    SensorStatusAnnunciation? Status,
    bool ContextFollows)
{
    // Flags (GSS, Glucose Measurement): bit 0 time offset, 1 concentration + type-sample location, 2 unit (mol/L),
    // 3 sensor status annunciation, 4 context information follows, 5–7 RFU (ignored on receipt).
    private const byte FlagTimeOffset = 0x01;
    private const byte FlagConcentration = 0x02;
    private const byte FlagMolePerLitre = 0x04;
    private const byte FlagStatus = 0x08;
    private const byte FlagContextFollows = 0x10;

    /// <summary>True when the sample was control solution (type 10 or location 4): a device check.</summary>
    public bool IsControlSolution => Type == GlucoseSampleType.ControlSolution || Location == GlucoseSampleLocation.ControlSolution;

    /// <summary>Base time plus offset, on the device clock; null when the device does not know the date.</summary>
    public DateTimeOffset? MeasuredAt => BaseTime.ToDeviceClock()?.AddMinutes(TimeOffsetMinutes ?? 0);

    /// <exception cref="DeviceFormatException">Truncated payload or an invalid base time (names the byte).</exception>
    public static GlucoseMeasurement Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, GattCharacteristics.GlucoseMeasurement);
        var flags = reader.U8("flags");
        var sequence = reader.U16("sequence number");
        var baseTime = reader.DateTime("base time");
        short? offset = (flags & FlagTimeOffset) != 0 ? reader.S16("time offset (flags bit 0)") : null;
        MedicalFloat? concentration = null;
        GlucoseSampleType? type = null;
        GlucoseSampleLocation? location = null;
        if ((flags & FlagConcentration) != 0)
        {
            concentration = reader.SFloat("glucose concentration SFLOAT (flags bit 1)");
            var typeAndLocation = reader.U8("type-sample location (flags bit 1)");
            type = (GlucoseSampleType)(typeAndLocation & 0x0F);
            location = (GlucoseSampleLocation)(typeAndLocation >> 4);
        }
        SensorStatusAnnunciation? status = (flags & FlagStatus) != 0
            ? new SensorStatusAnnunciation(reader.U16("sensor status annunciation (flags bit 3)"))
            : null;
        if (offset is { } minutes && baseTime.IsKnown
            && baseTime.ToDeviceClock()!.Value > DateTimeOffset.MaxValue.AddMinutes(-Math.Max((int)minutes, 0)))
        {
            // 9999-12-31 plus a positive offset: no calendar time; the record is corrupt.
            throw reader.Fail(10, $"time offset {minutes} min moves the base time {baseTime} past year 9999");
        }
        var unit = (flags & FlagMolePerLitre) != 0 ? GlucoseConcentrationUnit.MolePerLitre : GlucoseConcentrationUnit.KilogramPerLitre;
        return new GlucoseMeasurement(sequence, baseTime, offset, concentration, unit, type, location, status, (flags & FlagContextFollows) != 0);
    }

    /// <summary>One glucose reading (mmol/L, the device's kg/L or mol/L kept as reported) with the
    /// sequence number as device record number; none when the record carries no concentration or a
    /// special value. Control solution is flagged <see cref="ReadingFlags.ControlSolution"/>: Core treats
    /// such a value as a device check, never a patient value.</summary>
    public IReadOnlyList<Reading> ToReadings(string deviceId, DateTimeOffset receivedAt)
    {
        if (Concentration is not { } concentration)
        {
            return [];
        }
        var flags = Status?.ToReadingFlags() ?? ReadingFlags.None;
        if (IsControlSolution)
        {
            flags |= ReadingFlags.ControlSolution;
        }
        var origin = GattReadings.Origin.Of(deviceId, receivedAt, MeasuredAt, SequenceNumber, flags);
        var readings = new List<Reading>(1);
        var unit = Unit == GlucoseConcentrationUnit.MolePerLitre ? Ucum.MolePerLitre : Ucum.KilogramPerLitre;
        GattReadings.Add(readings, ReadingKinds.Glucose, concentration, unit, origin);
        return readings;
    }
}
