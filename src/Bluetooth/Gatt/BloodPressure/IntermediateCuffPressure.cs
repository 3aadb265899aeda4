using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.BloodPressure;

/// <summary>Intermediate Cuff Pressure, 0x2A36 (GSS §3.126; BLS v1.1.1): the cuff pressure while a
/// measurement runs, in the layout of Blood Pressure Measurement with the systolic field carrying the
/// current cuff pressure and diastolic/MAP unused (the BLS says NaN; not checked, devices send zeros).</summary>
/// <remarks>Not a patient value, so it produces no readings: it is decoded to validate the stream and to
/// show progress.</remarks>
public sealed record IntermediateCuffPressure(
    PressureUnit Unit,
    MedicalFloat CuffPressure,
    GattDateTime? TimeStamp,
    MedicalFloat? PulseRate,
    byte? UserId,
    BloodPressureStatus? Status)
{
    /// <exception cref="DeviceFormatException">Truncated payload or an invalid time stamp (names the byte).</exception>
    public static IntermediateCuffPressure Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, GattCharacteristics.IntermediateCuffPressure);
        var flags = reader.U8("flags");
        var unit = (flags & BloodPressureMeasurement.FlagKilopascal) != 0 ? PressureUnit.Kilopascal : PressureUnit.MillimetreOfMercury;
        var cuff = reader.SFloat("current cuff pressure SFLOAT");
        reader.SFloat("unused diastolic field");
        reader.SFloat("unused mean arterial pressure field");
        var (time, pulse, user, status) = BloodPressureMeasurement.ReadOptionalFields(ref reader, flags);
        return new IntermediateCuffPressure(unit, cuff, time, pulse, user, status);
    }
}
