using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Bluetooth.Gatt.Weight;
using TelemetryGateway.Core;
using static TelemetryGateway.Bluetooth.Tests.Gatt.GattAssert;

namespace TelemetryGateway.Bluetooth.Tests.Gatt;

/// <summary>Weight Measurement 0x2A9D (GSS §3.252; WSS v1.0).</summary>
public class WeightMeasurementTests
{
    [Theory]
    // oliexdev/openScale, "decodes captured standard weight indications": a real A&D UC-352BLE scale.
    // Flags 0x02 = SI + time stamp; weight uint16 × 0.005 kg.
    [InlineData("025433ea070816082a24", 65.7, 42, 36)]
    [InlineData("024033ea070816082b0b", 65.6, 43, 11)]
    [InlineData("027c33ea070816082b28", 65.9, 43, 40)]
    public void Captured_scale_indications(string hex, double kg, int minute, int second)
    {
        var m = WeightMeasurement.Decode(Hex(hex));
        Assert.False(m.Imperial);
        Assert.Equal(kg, m.Weight);
        var reading = Assert.Single(m.ToReadings(Device, Received));
        Assert.Equal(ReadingKinds.BodyWeight, reading.Kind);
        Assert.Equal(kg, reading.Value);
        Assert.Equal(Ucum.Kilogram, reading.Unit);
        Assert.Equal(new DateTimeOffset(2026, 8, 22, 8, minute, second, TimeSpan.Zero), reading.MeasuredAt);
        Assert.Equal(ReadingFlags.DeviceClockUncorrected, reading.Flags);
    }

    [Theory]
    // openScale "raw standard weight notification publishes standard measurement" (Huawei) and
    // "other Beurer models are untouched by the BF1000 path": flags 0, weight only.
    [InlineData("008c3c", 77.5)]
    [InlineData("00a438", 72.5)]
    public void Weight_only(string hex, double kg)
    {
        var reading = Assert.Single(WeightMeasurement.Decode(Hex(hex)).ToReadings(Device, Received));
        Assert.Equal(kg, reading.Value);
        Assert.Null(reading.MeasuredAt);
    }

    [Fact]
    public void Imperial_pounds_are_converted_and_kept_as_reported()
    {
        var m = WeightMeasurement.Decode(Hex(
            "0d" +   // flags: imperial, user id, BMI and height
            "983a" + // 15000 × 0.01 lb = 150 lb
            "03" +   // user 3
            "f500" + // BMI 24.5
            "a402")); // height 676 × 0.1 in = 67.6 in
        Assert.True(m.Imperial);
        Assert.Equal(150.0, m.Weight);
        Assert.Equal((byte)3, m.UserId);
        Assert.Equal(24.5, m.Bmi);
        Assert.Equal(67.6, m.Height);
        var reading = Assert.Single(m.ToReadings(Device, Received));
        Assert.Equal(150.0 * UnitConversion.KilogramsPerPound, reading.Value);
        Assert.Equal(new Quantity(150.0, Ucum.Pound), reading.Reported);
    }

    [Fact]
    public void Si_height_is_in_millimetre_steps()
    {
        var m = WeightMeasurement.Decode(Hex("08 8c3c f500 a406"));
        Assert.Equal(1.7, m.Height);
        Assert.Equal(24.5, m.Bmi);
    }

    [Fact]
    public void Unsuccessful_measurement_gives_no_reading()
    {
        var m = WeightMeasurement.Decode(Hex("02 ffff ea070b1608000a"));
        Assert.Null(m.Weight);
        Assert.Empty(m.ToReadings(Device, Received));
    }

    [Theory]
    [InlineData("", 0, "flags")]
    [InlineData("00 8c", 1, "weight")]
    [InlineData("02 8c3c ea070b1608", 3, "time stamp")]
    [InlineData("04 8c3c", 3, "user id")]
    [InlineData("08 8c3c f500", 5, "height")]
    [InlineData("0e 8c3c ea070b1608000a 01 f5", 11, "BMI")]
    public void Truncated_payloads_name_the_byte(string hex, int at, string field) =>
        Rejects(hex, at, b => WeightMeasurement.Decode(b), field);

    [Fact]
    public void Every_flag_combination_decodes_with_exactly_the_announced_length()
    {
        for (var flags = 0; flags < 256; flags++)
        {
            var payload = new List<byte> { (byte)flags, 0x8C, 0x3C };
            if ((flags & 0x02) != 0) { payload.AddRange(Hex("ea070b1608000a")); }
            if ((flags & 0x04) != 0) { payload.Add(0x01); }
            if ((flags & 0x08) != 0) { payload.AddRange(Hex("f500 a406")); }
            var bytes = payload.ToArray();
            var m = WeightMeasurement.Decode(bytes);
            Assert.Equal((flags & 0x01) != 0, m.Imperial);
            Assert.Equal((flags & 0x02) != 0 ? new GattDateTime(2026, 11, 22, 8, 0, 10) : null, m.TimeStamp);
            Assert.Equal((flags & 0x04) != 0 ? (byte)1 : null, m.UserId);
            Assert.Equal((flags & 0x08) != 0 ? 24.5 : null, m.Bmi);
            var reading = Assert.Single(m.ToReadings(Device, Received));
            Assert.Equal((flags & 0x01) != 0 ? 155.0 * UnitConversion.KilogramsPerPound : 77.5, reading.Value);
            Assert.Throws<DeviceFormatException>(() => WeightMeasurement.Decode(bytes.AsSpan(0, bytes.Length - 1)));
        }
    }
}
