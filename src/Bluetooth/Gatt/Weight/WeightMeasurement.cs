using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.Weight;

/// <summary>Weight Measurement, 0x2A9D (GSS §3.252; WSS v1.0).</summary>
/// <param name="Imperial">Flags bit 0: pounds and inches instead of kilograms and metres.</param>
/// <param name="RawWeight">uint16 in 0.005 kg (SI) or 0.01 lb (imperial); 0xFFFF = measurement unsuccessful.</param>
/// <param name="TimeStamp">Flags bit 1.</param>
/// <param name="UserId">Flags bit 2; 255 = unknown user.</param>
/// <param name="RawBmi">Flags bit 3: uint16 in 0.1 kg/m².</param>
/// <param name="RawHeight">Flags bit 3: uint16 in 0.001 m (SI) or 0.1 in (imperial).</param>
public sealed record WeightMeasurement(bool Imperial, ushort RawWeight, GattDateTime? TimeStamp, byte? UserId, ushort? RawBmi, ushort? RawHeight)
{
    // Flags: bit 0 imperial, 1 time stamp, 2 user id, 3 BMI and height, 4–7 RFU (ignored on receipt).
    private const byte FlagImperial = 0x01;
    private const byte FlagTimeStamp = 0x02;
    private const byte FlagUserId = 0x04;
    private const byte FlagBmiAndHeight = 0x08;

    /// <summary>WSS: the scale sends 0xFFFF when the weighing did not succeed.</summary>
    public const ushort MeasurementUnsuccessful = 0xFFFF;

    /// <summary>The weight in the unit sent (kg or lb), or null when the measurement was unsuccessful.
    /// Divided rather than multiplied by the resolution, so 13140 is exactly the double nearest 65.7.</summary>
    public double? Weight => RawWeight == MeasurementUnsuccessful ? null : RawWeight / (Imperial ? 100.0 : 200.0);

    /// <summary>"kg" or "[lb_av]".</summary>
    public string WeightUnit => Imperial ? Ucum.Pound : Ucum.Kilogram;

    /// <summary>Body mass index in kg/m², when sent.</summary>
    public double? Bmi => RawBmi / 10.0;

    /// <summary>Height in metres (SI) or inches (imperial), when sent.</summary>
    public double? Height => RawHeight / (Imperial ? 10.0 : 1000.0);

    /// <exception cref="DeviceFormatException">Truncated payload or an invalid time stamp (names the byte).</exception>
    public static WeightMeasurement Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, GattCharacteristics.WeightMeasurement);
        var flags = reader.U8("flags");
        var weight = reader.U16("weight");
        GattDateTime? time = (flags & FlagTimeStamp) != 0 ? reader.DateTime("time stamp (flags bit 1)") : null;
        byte? user = (flags & FlagUserId) != 0 ? reader.U8("user id (flags bit 2)") : null;
        ushort? bmi = null, height = null;
        if ((flags & FlagBmiAndHeight) != 0)
        {
            bmi = reader.U16("BMI (flags bit 3)");
            height = reader.U16("height (flags bit 3)");
        }
        return new WeightMeasurement((flags & FlagImperial) != 0, weight, time, user, bmi, height);
    }

    /// <summary>One body.weight reading in kg (pounds converted, the pound value kept as reported); none when
    /// the scale reports an unsuccessful measurement. BMI and height have no reading kind and stay here.</summary>
    public IReadOnlyList<Reading> ToReadings(string deviceId, DateTimeOffset receivedAt)
    {
        var readings = new List<Reading>(1);
        if (Weight is { } weight)
        {
            var origin = GattReadings.Origin.Of(deviceId, receivedAt, TimeStamp?.ToDeviceClock(), null, ReadingFlags.None);
            GattReadings.Add(readings, ReadingKinds.BodyWeight, weight, WeightUnit, origin);
        }
        return readings;
    }
}
