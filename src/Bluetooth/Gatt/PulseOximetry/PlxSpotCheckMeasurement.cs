using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.PulseOximetry;

/// <summary>PLX Spot-Check Measurement, 0x2A5E (PLXS v1.0.1; GSS "PLX Spot-Check Measurement").</summary>
/// <param name="SpO2">SFLOAT, percent.</param>
/// <param name="PulseRate">SFLOAT, beats per minute.</param>
/// <param name="TimeStamp">Flags bit 0.</param>
/// <param name="MeasurementStatus">Flags bit 1.</param>
/// <param name="DeviceAndSensorStatus">Flags bit 2.</param>
/// <param name="PulseAmplitudeIndex">Flags bit 3: SFLOAT, percent.</param>
/// <param name="DeviceClockNotSet">Flags bit 4: the time stamp is not a real time.</param>
public sealed record PlxSpotCheckMeasurement(
    MedicalFloat SpO2,
    MedicalFloat PulseRate,
    GattDateTime? TimeStamp,
    PlxMeasurementStatus? MeasurementStatus,
    PlxDeviceAndSensorStatus? DeviceAndSensorStatus,
    MedicalFloat? PulseAmplitudeIndex,
    bool DeviceClockNotSet)
{
    // Flags: bit 0 time stamp, 1 measurement status, 2 device and sensor status, 3 pulse amplitude index,
    // 4 device clock is not set, 5–7 RFU (ignored on receipt).
    private const byte FlagTimeStamp = 0x01;
    private const byte FlagMeasurementStatus = 0x02;
    private const byte FlagDeviceStatus = 0x04;
    private const byte FlagPulseAmplitude = 0x08;
    private const byte FlagClockNotSet = 0x10;

    /// <exception cref="DeviceFormatException">Truncated payload or an invalid time stamp (names the byte).</exception>
    public static PlxSpotCheckMeasurement Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, GattCharacteristics.PlxSpotCheckMeasurement);
        var flags = reader.U8("flags");
        var spo2 = reader.SFloat("SpO2 SFLOAT");
        var pulse = reader.SFloat("pulse rate SFLOAT");
        GattDateTime? time = (flags & FlagTimeStamp) != 0 ? reader.DateTime("time stamp (flags bit 0)") : null;
        PlxMeasurementStatus? status = (flags & FlagMeasurementStatus) != 0
            ? new PlxMeasurementStatus(reader.U16("measurement status (flags bit 1)"))
            : null;
        PlxDeviceAndSensorStatus? device = (flags & FlagDeviceStatus) != 0
            ? new PlxDeviceAndSensorStatus(reader.U24("device and sensor status (flags bit 2)"))
            : null;
        MedicalFloat? pai = (flags & FlagPulseAmplitude) != 0 ? reader.SFloat("pulse amplitude index SFLOAT (flags bit 3)") : null;
        return new PlxSpotCheckMeasurement(spo2, pulse, time, status, device, pai, (flags & FlagClockNotSet) != 0);
    }

    /// <summary>spo2 and pulse.rate readings. A time stamp from a clock the device says is not set is no
    /// time: the readings carry none and are flagged <see cref="ReadingFlags.DeviceTimeFault"/>.</summary>
    public IReadOnlyList<Reading> ToReadings(string deviceId, DateTimeOffset receivedAt)
    {
        var flags = PlxReadings.Flags(MeasurementStatus, DeviceAndSensorStatus);
        DateTimeOffset? measured = null;
        if (TimeStamp is { } time)
        {
            if (DeviceClockNotSet)
            {
                flags |= ReadingFlags.DeviceTimeFault;
            }
            else
            {
                measured = time.ToDeviceClock();
            }
        }
        var origin = GattReadings.Origin.Of(deviceId, receivedAt, measured, null, flags);
        return PlxReadings.Of(SpO2, PulseRate, origin);
    }
}

internal static class PlxReadings
{
    public static ReadingFlags Flags(PlxMeasurementStatus? status, PlxDeviceAndSensorStatus? device) =>
        (status?.ToReadingFlags() ?? ReadingFlags.None) | (device?.ToReadingFlags() ?? ReadingFlags.None);

    public static IReadOnlyList<Reading> Of(MedicalFloat spo2, MedicalFloat pulse, in GattReadings.Origin origin)
    {
        var readings = new List<Reading>(2);
        GattReadings.Add(readings, ReadingKinds.SpO2, spo2, Ucum.Percent, origin);
        GattReadings.Add(readings, ReadingKinds.PulseRate, pulse, Ucum.PerMinute, origin);
        return readings;
    }
}
