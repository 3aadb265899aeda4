using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.Glucose;

/// <summary>Glucose Feature, 0x2A51 (GSS, Glucose Feature; GLS v1.0.1): which annunciations the meter can raise.
/// Bits 11–15 are RFU, kept only in <see cref="Raw"/>.</summary>
public readonly record struct GlucoseFeature(ushort Raw)
{
    public bool LowBatteryDetection => Bit(0);
    public bool SensorMalfunctionDetection => Bit(1);
    public bool SensorSampleSize => Bit(2);
    public bool SensorStripInsertionErrorDetection => Bit(3);
    public bool SensorStripTypeErrorDetection => Bit(4);
    public bool SensorResultHighLowDetection => Bit(5);
    public bool SensorTemperatureHighLowDetection => Bit(6);
    public bool SensorReadInterruptDetection => Bit(7);
    public bool GeneralDeviceFault => Bit(8);
    public bool TimeFault => Bit(9);
    public bool MultipleBond => Bit(10);

    /// <exception cref="DeviceFormatException">Fewer than 2 bytes.</exception>
    public static GlucoseFeature Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, GattCharacteristics.GlucoseFeature);
        return new GlucoseFeature(reader.U16("feature bits"));
    }

    private bool Bit(int bit) => (Raw & (1 << bit)) != 0;
}
