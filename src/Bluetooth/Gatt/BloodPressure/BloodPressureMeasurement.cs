using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.BloodPressure;

/// <summary>Blood Pressure Measurement, 0x2A35 (GSS §3.31; BLS v1.1.1).</summary>
/// <param name="Unit">Flags bit 0.</param>
/// <param name="Systolic">SFLOAT in <paramref name="Unit"/>.</param>
/// <param name="Diastolic">SFLOAT in <paramref name="Unit"/>.</param>
/// <param name="MeanArterialPressure">SFLOAT in <paramref name="Unit"/>.</param>
/// <param name="TimeStamp">Present when flags bit 1 is set.</param>
/// <param name="PulseRate">Beats per minute; present when flags bit 2 is set.</param>
/// <param name="UserId">Present when flags bit 3 is set; 255 = unknown user (GSS §3.31).</param>
/// <param name="Status">Present when flags bit 4 is set.</param>
public sealed record BloodPressureMeasurement(
    PressureUnit Unit,
    MedicalFloat Systolic,
    MedicalFloat Diastolic,
    MedicalFloat MeanArterialPressure,
    GattDateTime? TimeStamp,
    MedicalFloat? PulseRate,
    byte? UserId,
    BloodPressureStatus? Status)
{
    // Flags (GSS §3.31): bit 0 unit, 1 time stamp, 2 pulse rate, 3 user id, 4 measurement status,
    // 5–7 RFU (ignored: a later revision may define them, and then fields we do not know would follow
    // the ones we read, which does not change the meaning of those).
    internal const byte FlagKilopascal = 0x01;
    internal const byte FlagTimeStamp = 0x02;
    internal const byte FlagPulseRate = 0x04;
    internal const byte FlagUserId = 0x08;
    internal const byte FlagStatus = 0x10;

    /// <summary>Decodes one characteristic value.</summary>
    /// <exception cref="DeviceFormatException">Truncated payload or an invalid time stamp (names the byte).</exception>
    public static BloodPressureMeasurement Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, GattCharacteristics.BloodPressureMeasurement);
        var flags = reader.U8("flags");
        var unit = (flags & FlagKilopascal) != 0 ? PressureUnit.Kilopascal : PressureUnit.MillimetreOfMercury;
        var systolic = reader.SFloat("systolic SFLOAT");
        var diastolic = reader.SFloat("diastolic SFLOAT");
        var mean = reader.SFloat("mean arterial pressure SFLOAT");
        var (time, pulse, user, status) = ReadOptionalFields(ref reader, flags);
        return new BloodPressureMeasurement(unit, systolic, diastolic, mean, time, pulse, user, status);
    }

    /// <summary>The readings: bp.systolic, bp.diastolic, bp.mean and heart.rate (the cuff's pulse rate),
    /// each only when the device sent a number (special values are left out); status bits on every one.</summary>
    public IReadOnlyList<Reading> ToReadings(string deviceId, DateTimeOffset receivedAt)
    {
        var origin = GattReadings.Origin.Of(deviceId, receivedAt, TimeStamp?.ToDeviceClock(), null,
            Status?.ToReadingFlags() ?? ReadingFlags.None);
        var readings = new List<Reading>(4);
        GattReadings.Add(readings, ReadingKinds.BpSystolic, Systolic, Unit.Ucum(), origin);
        GattReadings.Add(readings, ReadingKinds.BpDiastolic, Diastolic, Unit.Ucum(), origin);
        GattReadings.Add(readings, ReadingKinds.BpMean, MeanArterialPressure, Unit.Ucum(), origin);
        if (PulseRate is { } pulse)
        {
            GattReadings.Add(readings, ReadingKinds.HeartRate, pulse, Ucum.PerMinute, origin);
        }
        return readings;
    }

    /// <summary>The optional tail shared with Intermediate Cuff Pressure (GSS §3.31).</summary>
    internal static (GattDateTime? Time, MedicalFloat? Pulse, byte? User, BloodPressureStatus? Status) ReadOptionalFields(
        ref GattReader reader, byte flags)
    {
        GattDateTime? time = (flags & FlagTimeStamp) != 0 ? reader.DateTime("time stamp (flags bit 1)") : null;
        MedicalFloat? pulse = (flags & FlagPulseRate) != 0 ? reader.SFloat("pulse rate SFLOAT (flags bit 2)") : null;
        byte? user = (flags & FlagUserId) != 0 ? reader.U8("user id (flags bit 3)") : null;
        BloodPressureStatus? status = (flags & FlagStatus) != 0
            ? new BloodPressureStatus(reader.U16("measurement status (flags bit 4)"))
            : null;
        return (time, pulse, user, status);
    }
}
