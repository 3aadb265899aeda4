using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Bluetooth.Gatt.Thermometer;
using TelemetryGateway.Core;
using static TelemetryGateway.Bluetooth.Tests.Gatt.GattAssert;

namespace TelemetryGateway.Bluetooth.Tests.Gatt;

/// <summary>Temperature Measurement 0x2A1C (GSS §3.216; HTS v1.0).</summary>
public class TemperatureMeasurementTests
{
    [Fact]
    public void Celsius_with_time_stamp_and_type()
    {
        // NordicSemiconductor/Android-BLE-Library@4a86e6c, TemperatureMeasurementDataCallbackTest
        var m = TemperatureMeasurement.Decode(Hex(
            "06" +             // flags: Celsius, time stamp, temperature type
            "b00e00fe" +       // FLOAT 3760e-2 = 37.6
            "dc070c050b321b" + // 2012-12-05 11:50:27
            "04"));            // finger
        Assert.False(m.Fahrenheit);
        Assert.Equal(37.6, m.Temperature.Value);
        Assert.Equal(TemperatureType.Finger, m.Type);
        var reading = Assert.Single(m.ToReadings(Device, Received));
        Assert.Equal(ReadingKinds.BodyTemperature, reading.Kind);
        Assert.Equal(37.6, reading.Value);
        Assert.Equal(Ucum.Celsius, reading.Unit);
        Assert.Equal(new DateTimeOffset(2012, 12, 5, 11, 50, 27, TimeSpan.Zero), reading.MeasuredAt);
    }

    [Fact]
    public void Armpit_reading_from_the_toolbox()
    {
        // NordicSemiconductor/Android-nRF-Toolbox TemperatureMeasurementParserTest "parse with all fields present"
        var m = TemperatureMeasurement.Decode(Hex("06 710e00fe e40705150a1e2d 01"));
        Assert.Equal(36.97, m.Temperature.Value);
        Assert.Equal(TemperatureType.Armpit, m.Type);
        Assert.Equal(new GattDateTime(2020, 5, 21, 10, 30, 45), m.TimeStamp);
    }

    [Fact]
    public void Minimal_and_nan()
    {
        // nRF Toolbox "parse without optional fields" and "parse with NaN float"
        var m = TemperatureMeasurement.Decode(Hex("00c40900fe"));
        Assert.Equal(25.0, Assert.Single(m.ToReadings(Device, Received)).Value);
        Assert.Null(m.TimeStamp);
        Assert.Null(m.Type);

        var nan = TemperatureMeasurement.Decode(Hex("00ffff7f00"));
        Assert.Equal(MedicalFloatSpecial.NaN, nan.Temperature.Special);
        Assert.Empty(nan.ToReadings(Device, Received));
    }

    [Fact]
    public void Reserved_flag_bits_are_ignored_not_rejected()
    {
        // nRF Toolbox "parse with invalid flag" (library_policy): the toolbox rejects flags 0x08. We do not
        // agree: bit 3 is RFU, receivers ignore RFU bits, and rejecting would drop a real temperature.
        var m = TemperatureMeasurement.Decode(Hex("08c40900fe"));
        Assert.Equal(25.0, Assert.Single(m.ToReadings(Device, Received)).Value);
    }

    [Fact]
    public void Fahrenheit_is_converted_and_kept_as_reported()
    {
        var m = TemperatureMeasurement.Decode(Hex("05 da0300ff 02")); // 986e-1 = 98.6 °F, body
        Assert.True(m.Fahrenheit);
        Assert.Equal(TemperatureType.Body, m.Type);
        var reading = Assert.Single(m.ToReadings(Device, Received));
        Assert.Equal((98.6 - 32.0) * 5.0 / 9.0, reading.Value);
        Assert.Equal(Ucum.Celsius, reading.Unit);
        Assert.Equal(new Quantity(98.6, Ucum.Fahrenheit), reading.Reported);
    }

    [Theory]
    // Nordic onInvalidDataReceived: flags announce a type that is missing
    [InlineData("06b00e00fedc070c050b321b", 12, "temperature type")]
    // nRF Toolbox "parse with insufficient byte array"
    [InlineData("07", 1, "temperature FLOAT")]
    [InlineData("02 c40900fe dc070c050b", 5, "time stamp")]
    [InlineData("00 c409", 1, "temperature FLOAT")]
    public void Truncated_payloads_name_the_byte(string hex, int at, string field) =>
        Rejects(hex, at, b => TemperatureMeasurement.Decode(b), field);

    [Fact]
    public void Every_flag_combination_decodes_with_exactly_the_announced_length()
    {
        for (var flags = 0; flags < 256; flags++)
        {
            var payload = new List<byte> { (byte)flags };
            payload.AddRange(Hex("720100ff")); // 370e-1 = 37.0
            if ((flags & 0x02) != 0) { payload.AddRange(Hex("ea070b1608000a")); }
            if ((flags & 0x04) != 0) { payload.Add(0x06); }
            var bytes = payload.ToArray();
            var m = TemperatureMeasurement.Decode(bytes);
            Assert.Equal((flags & 0x01) != 0, m.Fahrenheit);
            Assert.Equal((flags & 0x02) != 0, m.TimeStamp is not null);
            Assert.Equal((flags & 0x04) != 0 ? TemperatureType.Mouth : null, m.Type);
            var reading = Assert.Single(m.ToReadings(Device, Received));
            Assert.Equal((flags & 0x01) != 0 ? (37.0 - 32.0) * 5.0 / 9.0 : 37.0, reading.Value);
            Assert.Throws<DeviceFormatException>(() => TemperatureMeasurement.Decode(bytes.AsSpan(0, bytes.Length - 1)));
        }
    }
}
