using TelemetryGateway.Bluetooth.Gatt.BloodPressure;
using TelemetryGateway.Bluetooth.Gatt.Glucose;
using TelemetryGateway.Bluetooth.Gatt.PulseOximetry;
using TelemetryGateway.Bluetooth.Gatt.Thermometer;
using TelemetryGateway.Bluetooth.Gatt.Weight;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt;

/// <summary>`tg decode ble &lt;uuid16&gt; &lt;hex&gt;`: one characteristic value in, readings out.</summary>
public static class GattProbe
{
    /// <summary>The measurement characteristics <see cref="Decode"/> accepts, in the order the error lists them.</summary>
    public static IReadOnlyList<ushort> Supported { get; } =
    [
        GattCharacteristics.BloodPressureMeasurement,
        GattCharacteristics.IntermediateCuffPressure,
        GattCharacteristics.GlucoseMeasurement,
        GattCharacteristics.WeightMeasurement,
        GattCharacteristics.TemperatureMeasurement,
        GattCharacteristics.PlxSpotCheckMeasurement,
        GattCharacteristics.PlxContinuousMeasurement,
    ];

    /// <summary>Decodes <paramref name="payload"/> as the characteristic <paramref name="uuid16"/> (e.g. 0x2A35).</summary>
    /// <remarks>Intermediate Cuff Pressure is validated but gives no readings (a cuff inflating is not a patient value).</remarks>
    /// <exception cref="DeviceFormatException">Unknown characteristic or a malformed payload (names the byte).</exception>
    public static IReadOnlyList<Reading> Decode(ushort uuid16, ReadOnlySpan<byte> payload, string deviceId, DateTimeOffset receivedAt) =>
        uuid16 switch
        {
            GattCharacteristics.BloodPressureMeasurement => BloodPressureMeasurement.Decode(payload).ToReadings(deviceId, receivedAt),
            GattCharacteristics.IntermediateCuffPressure => ValidateOnly(IntermediateCuffPressure.Decode(payload)),
            GattCharacteristics.GlucoseMeasurement => GlucoseMeasurement.Decode(payload).ToReadings(deviceId, receivedAt),
            GattCharacteristics.WeightMeasurement => WeightMeasurement.Decode(payload).ToReadings(deviceId, receivedAt),
            GattCharacteristics.TemperatureMeasurement => TemperatureMeasurement.Decode(payload).ToReadings(deviceId, receivedAt),
            GattCharacteristics.PlxSpotCheckMeasurement => PlxSpotCheckMeasurement.Decode(payload).ToReadings(deviceId, receivedAt),
            GattCharacteristics.PlxContinuousMeasurement => PlxContinuousMeasurement.Decode(payload).ToReadings(deviceId, receivedAt),
            _ => throw new DeviceFormatException(GattCharacteristics.FormatName(uuid16), "characteristic",
                $"not a measurement characteristic this gateway decodes; supported: {string.Join(", ", Supported.Select(u => u.ToString("X4")))}"),
        };

    // The payload was decoded (and so validated) for its exceptions; the record itself holds no reading.
    private static IReadOnlyList<Reading> ValidateOnly(IntermediateCuffPressure _) => [];
}
