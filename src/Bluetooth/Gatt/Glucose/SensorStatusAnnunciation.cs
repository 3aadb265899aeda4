using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.Glucose;

/// <summary>Glucose Measurement "Sensor Status Annunciation" (GSS, Glucose Measurement; GLS v1.0.1):
/// bits 0–11 defined, 12–15 RFU (ignored on receipt, kept in <see cref="Raw"/>).</summary>
public readonly record struct SensorStatusAnnunciation(ushort Raw)
{
    public bool DeviceBatteryLow => Bit(0);
    public bool SensorMalfunction => Bit(1);
    public bool SampleSizeInsufficient => Bit(2);
    public bool StripInsertionError => Bit(3);
    public bool StripTypeIncorrect => Bit(4);
    public bool ResultHigherThanDeviceCanProcess => Bit(5);
    public bool ResultLowerThanDeviceCanProcess => Bit(6);
    public bool SensorTemperatureTooHigh => Bit(7);
    public bool SensorTemperatureTooLow => Bit(8);
    public bool SensorReadInterrupted => Bit(9);
    public bool GeneralDeviceFault => Bit(10);
    public bool TimeFault => Bit(11);

    /// <summary>The Core flags: annunciation bits 0–11 are <see cref="ReadingFlags.DeviceBatteryLow"/> …
    /// <see cref="ReadingFlags.DeviceTimeFault"/>, which Core declares in the same order from bit 8.</summary>
    public ReadingFlags ToReadingFlags()
    {
        var flags = ReadingFlags.None;
        for (var bit = 0; bit < 12; bit++)
        {
            if (Bit(bit))
            {
                flags |= (ReadingFlags)((long)ReadingFlags.DeviceBatteryLow << bit);
            }
        }
        return flags;
    }

    private bool Bit(int bit) => (Raw & (1 << bit)) != 0;
}
