using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.BloodPressure;

/// <summary>Blood Pressure Feature, 0x2A49 (GSS §3.30; BLS v1.1.1): what the cuff can detect.</summary>
/// <param name="Raw">The uint16. Bits 6 and up (RFU in BLS v1.0; v1.1 assigns some to optional features
/// this gateway does not use) are kept only here.</param>
public readonly record struct BloodPressureFeature(ushort Raw)
{
    public bool BodyMovementDetection => (Raw & 0x0001) != 0;
    public bool CuffFitDetection => (Raw & 0x0002) != 0;
    public bool IrregularPulseDetection => (Raw & 0x0004) != 0;
    public bool PulseRateRangeDetection => (Raw & 0x0008) != 0;
    public bool MeasurementPositionDetection => (Raw & 0x0010) != 0;
    public bool MultipleBonds => (Raw & 0x0020) != 0;

    /// <exception cref="DeviceFormatException">Fewer than 2 bytes. Extra bytes are ignored (a later revision may widen the field).</exception>
    public static BloodPressureFeature Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, GattCharacteristics.BloodPressureFeature);
        return new BloodPressureFeature(reader.U16("feature bits"));
    }
}
