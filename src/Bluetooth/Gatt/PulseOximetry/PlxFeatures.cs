using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.PulseOximetry;

/// <summary>PLX Features, 0x2A60 (PLXS v1.0.1): what the oximeter supports, and which status bits it can set.</summary>
/// <param name="Raw">Supported Features (uint16); bits 8–15 RFU.</param>
/// <param name="MeasurementStatusSupport">Present when feature bit 0 is set; the same bit layout as <see cref="PlxMeasurementStatus"/>.</param>
/// <param name="DeviceAndSensorStatusSupport">Present when feature bit 1 is set; the layout of <see cref="PlxDeviceAndSensorStatus"/>.</param>
public sealed record PlxFeatures(ushort Raw, PlxMeasurementStatus? MeasurementStatusSupport, PlxDeviceAndSensorStatus? DeviceAndSensorStatusSupport)
{
    public bool MeasurementStorageForSpotCheck => Bit(2);
    public bool TimeStampForSpotCheck => Bit(3);
    public bool SpO2PRFast => Bit(4);
    public bool SpO2PRSlow => Bit(5);
    public bool PulseAmplitudeIndex => Bit(6);
    public bool MultipleBonds => Bit(7);

    /// <exception cref="DeviceFormatException">Truncated payload (names the byte).</exception>
    public static PlxFeatures Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, GattCharacteristics.PlxFeatures);
        var features = reader.U16("supported features");
        PlxMeasurementStatus? status = (features & 0x0001) != 0
            ? new PlxMeasurementStatus(reader.U16("measurement status support (feature bit 0)"))
            : null;
        PlxDeviceAndSensorStatus? device = (features & 0x0002) != 0
            ? new PlxDeviceAndSensorStatus(reader.U24("device and sensor status support (feature bit 1)"))
            : null;
        return new PlxFeatures(features, status, device);
    }

    private bool Bit(int bit) => (Raw & (1 << bit)) != 0;
}
