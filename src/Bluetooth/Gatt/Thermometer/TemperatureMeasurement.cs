using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.Thermometer;

/// <summary>Temperature Type (GSS §3.219): where on the body the thermometer measured. Other values are
/// reserved and kept as numbers.</summary>
public enum TemperatureType : byte
{
    Armpit = 1,
    Body = 2,
    Ear = 3,
    Finger = 4,
    GastroIntestinalTract = 5,
    Mouth = 6,
    Rectum = 7,
    Toe = 8,
    Tympanum = 9,
}

/// <summary>Temperature Measurement, 0x2A1C (GSS §3.216; HTS v1.0).</summary>
/// <param name="Fahrenheit">Flags bit 0.</param>
/// <param name="Temperature">FLOAT in °C or °F.</param>
/// <param name="TimeStamp">Flags bit 1.</param>
/// <param name="Type">Flags bit 2.</param>
public sealed record TemperatureMeasurement(bool Fahrenheit, MedicalFloat Temperature, GattDateTime? TimeStamp, TemperatureType? Type)
{
    // Flags: bit 0 Fahrenheit, 1 time stamp, 2 temperature type, 3–7 RFU (ignored on receipt; the
    // nRF Toolbox parser rejects them, which would drop a real temperature over a bit nobody defined).
    private const byte FlagFahrenheit = 0x01;
    private const byte FlagTimeStamp = 0x02;
    private const byte FlagType = 0x04;

    /// <exception cref="DeviceFormatException">Truncated payload or an invalid time stamp (names the byte).</exception>
    public static TemperatureMeasurement Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, GattCharacteristics.TemperatureMeasurement);
        var flags = reader.U8("flags");
        var value = reader.Float("temperature FLOAT");
        GattDateTime? time = (flags & FlagTimeStamp) != 0 ? reader.DateTime("time stamp (flags bit 1)") : null;
        TemperatureType? type = (flags & FlagType) != 0 ? (TemperatureType)reader.U8("temperature type (flags bit 2)") : null;
        return new TemperatureMeasurement((flags & FlagFahrenheit) != 0, value, time, type);
    }

    /// <summary>One body.temperature reading in Cel (°F converted, kept as reported); none for a special value.</summary>
    public IReadOnlyList<Reading> ToReadings(string deviceId, DateTimeOffset receivedAt)
    {
        var readings = new List<Reading>(1);
        var origin = GattReadings.Origin.Of(deviceId, receivedAt, TimeStamp?.ToDeviceClock(), null, ReadingFlags.None);
        GattReadings.Add(readings, ReadingKinds.BodyTemperature, Temperature, Fahrenheit ? Ucum.Fahrenheit : Ucum.Celsius, origin);
        return readings;
    }
}
