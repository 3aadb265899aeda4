using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.PulseOximetry;

/// <summary>An SpO2 and pulse rate pair (SFLOATs, percent and beats per minute).</summary>
public readonly record struct SpO2PulseRate(MedicalFloat SpO2, MedicalFloat PulseRate);

/// <summary>PLX Continuous Measurement, 0x2A5F (PLXS v1.0.1; GSS "PLX Continuous Measurement").</summary>
/// <param name="Normal">SpO2PR-Normal, always present.</param>
/// <param name="Fast">Flags bit 0: SpO2PR-Fast.</param>
/// <param name="Slow">Flags bit 1: SpO2PR-Slow.</param>
/// <param name="MeasurementStatus">Flags bit 2.</param>
/// <param name="DeviceAndSensorStatus">Flags bit 3.</param>
/// <param name="PulseAmplitudeIndex">Flags bit 4.</param>
public sealed record PlxContinuousMeasurement(
    SpO2PulseRate Normal,
    SpO2PulseRate? Fast,
    SpO2PulseRate? Slow,
    PlxMeasurementStatus? MeasurementStatus,
    PlxDeviceAndSensorStatus? DeviceAndSensorStatus,
    MedicalFloat? PulseAmplitudeIndex)
{
    // Flags: bit 0 SpO2PR-Fast, 1 SpO2PR-Slow, 2 measurement status, 3 device and sensor status,
    // 4 pulse amplitude index, 5–7 RFU (ignored on receipt).
    private const byte FlagFast = 0x01;
    private const byte FlagSlow = 0x02;
    private const byte FlagMeasurementStatus = 0x04;
    private const byte FlagDeviceStatus = 0x08;
    private const byte FlagPulseAmplitude = 0x10;

    /// <exception cref="DeviceFormatException">Truncated payload (names the byte).</exception>
    public static PlxContinuousMeasurement Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, GattCharacteristics.PlxContinuousMeasurement);
        var flags = reader.U8("flags");
        var normal = new SpO2PulseRate(reader.SFloat("SpO2PR-Normal SpO2 SFLOAT"), reader.SFloat("SpO2PR-Normal pulse rate SFLOAT"));
        SpO2PulseRate? fast = (flags & FlagFast) != 0
            ? new SpO2PulseRate(reader.SFloat("SpO2PR-Fast SpO2 SFLOAT (flags bit 0)"), reader.SFloat("SpO2PR-Fast pulse rate SFLOAT (flags bit 0)"))
            : null;
        SpO2PulseRate? slow = (flags & FlagSlow) != 0
            ? new SpO2PulseRate(reader.SFloat("SpO2PR-Slow SpO2 SFLOAT (flags bit 1)"), reader.SFloat("SpO2PR-Slow pulse rate SFLOAT (flags bit 1)"))
            : null;
        PlxMeasurementStatus? status = (flags & FlagMeasurementStatus) != 0
            ? new PlxMeasurementStatus(reader.U16("measurement status (flags bit 2)"))
            : null;
        PlxDeviceAndSensorStatus? device = (flags & FlagDeviceStatus) != 0
            ? new PlxDeviceAndSensorStatus(reader.U24("device and sensor status (flags bit 3)"))
            : null;
        MedicalFloat? pai = (flags & FlagPulseAmplitude) != 0 ? reader.SFloat("pulse amplitude index SFLOAT (flags bit 4)") : null;
        return new PlxContinuousMeasurement(normal, fast, slow, status, device, pai);
    }

    /// <summary>spo2 and pulse.rate from SpO2PR-Normal only: Fast and Slow are the same quantities
    /// differently averaged, and a second value of the same kind at the same moment would be a duplicate.
    /// The characteristic carries no time, so readings are timed by the gateway.</summary>
    public IReadOnlyList<Reading> ToReadings(string deviceId, DateTimeOffset receivedAt) =>
        PlxReadings.Of(Normal.SpO2, Normal.PulseRate,
            GattReadings.Origin.Of(deviceId, receivedAt, null, null, PlxReadings.Flags(MeasurementStatus, DeviceAndSensorStatus)));
}
