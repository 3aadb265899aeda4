using TelemetryGateway.Bluetooth.Gatt.BloodPressure;
using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Bluetooth.Gatt.Glucose;
using TelemetryGateway.Core;
using static TelemetryGateway.Bluetooth.Tests.Gatt.GattAssert;

namespace TelemetryGateway.Bluetooth.Tests.Gatt;

/// <summary>Intermediate Cuff Pressure 0x2A36 (GSS §3.126), Blood Pressure Feature 0x2A49 (GSS §3.30),
/// Glucose Feature 0x2A51.</summary>
public class IntermediateCuffPressureTests
{
    [Fact]
    public void All_fields()
    {
        // NordicSemiconductor/Android-BLE-Library@4a86e6c, IntermediateCuffPressureDataCallbackTest _full
        var m = IntermediateCuffPressure.Decode(Hex("1e 0400 0000 0000 0000041114293b 3c00 01 2700"));
        Assert.Equal(PressureUnit.MillimetreOfMercury, m.Unit);
        Assert.Equal(4.0, m.CuffPressure.Value);
        Assert.Equal(new GattDateTime(0, 4, 17, 20, 41, 59), m.TimeStamp);
        Assert.Equal(60.0, m.PulseRate!.Value.Value);
        Assert.Equal((byte)1, m.UserId);
        Assert.True(m.Status!.Value.ImproperPosition);
    }

    [Theory]
    // Nordic _some and _minimal
    [InlineData("15 6ff0 0000 0000 3c00 1200", PressureUnit.Kilopascal, 11.1)]
    [InlineData("00 d7f0 0000 0000", PressureUnit.MillimetreOfMercury, 21.5)]
    // nRF Toolbox IntermediateCuffPressureParserTest "parse valid data with no optional fields"
    [InlineData("01 5100 0000 0000", PressureUnit.Kilopascal, 81.0)]
    public void Cuff_pressure_and_unit(string hex, PressureUnit unit, double pressure)
    {
        var m = IntermediateCuffPressure.Decode(Hex(hex));
        Assert.Equal(unit, m.Unit);
        Assert.Equal(pressure, m.CuffPressure.Value);
    }

    [Fact]
    public void Toolbox_vectors_with_time_stamp()
    {
        // nRF Toolbox "parse valid data with all flags set" and "parse valid data with timestamp only"
        var all = IntermediateCuffPressure.Decode(Hex("1f 5100 0000 0000 e40705150a1e2d 6400 01 0600"));
        Assert.Equal((81.0, 100.0, (byte)1), (all.CuffPressure.Value, all.PulseRate!.Value.Value, all.UserId!.Value));
        Assert.Equal(new GattDateTime(2020, 5, 21, 10, 30, 45), all.TimeStamp);
        Assert.NotNull(all.Status);

        var stamped = IntermediateCuffPressure.Decode(Hex("02 5100 0000 0000 e40705150a1e2d"));
        Assert.NotNull(stamped.TimeStamp);
        Assert.Null(stamped.PulseRate);
        Assert.Null(stamped.UserId);
        Assert.Null(stamped.Status);
    }

    [Theory]
    // Nordic onInvalidDataReceived_toShort / _noTimestamp; nRF Toolbox "insufficient length"
    [InlineData("010203040506", 5, "unused mean arterial pressure")]
    [InlineData("03020304050607", 7, "time stamp")]
    [InlineData("0034", 1, "current cuff pressure")]
    public void Truncated_payloads_name_the_byte(string hex, int at, string field) =>
        Rejects(hex, at, b => IntermediateCuffPressure.Decode(b), field);

    [Fact]
    public void Every_flag_combination_decodes_with_exactly_the_announced_length()
    {
        for (var flags = 0; flags < 256; flags++)
        {
            // Flags, cuff pressure 90, the two unused fields as the BLS asks (NaN 0x07FF), then the optional tail.
            var payload = new List<byte> { (byte)flags, 0x5A, 0x00, 0xFF, 0x07, 0xFF, 0x07 };
            if ((flags & 0x02) != 0)
            {
                payload.AddRange(Hex("ea070b160829 1e")); // 2026-11-22 08:41:30
            }
            if ((flags & 0x04) != 0)
            {
                payload.AddRange(Hex("4800")); // pulse 72
            }
            if ((flags & 0x08) != 0)
            {
                payload.Add(0x02); // user 2
            }
            if ((flags & 0x10) != 0)
            {
                payload.AddRange(Hex("0100")); // body movement
            }
            var bytes = payload.ToArray();
            var m = IntermediateCuffPressure.Decode(bytes);
            Assert.Equal((flags & 0x01) != 0 ? PressureUnit.Kilopascal : PressureUnit.MillimetreOfMercury, m.Unit);
            Assert.Equal(90.0, m.CuffPressure.Value);
            Assert.Equal((flags & 0x02) != 0 ? new GattDateTime(2026, 11, 22, 8, 41, 30) : null, m.TimeStamp);
            Assert.Equal((flags & 0x04) != 0 ? 72.0 : null, m.PulseRate?.Value);
            Assert.Equal((flags & 0x08) != 0 ? (byte)2 : null, m.UserId);
            Assert.Equal((flags & 0x10) != 0, m.Status?.BodyMovement ?? false);
            // One byte fewer is always rejected inside the payload.
            var ex = Assert.Throws<DeviceFormatException>(() => IntermediateCuffPressure.Decode(bytes.AsSpan(0, bytes.Length - 1)));
            Assert.Equal("ble 2A36", ex.Format);
            Assert.InRange(int.Parse(ex.Location["byte ".Length..], System.Globalization.CultureInfo.InvariantCulture), 1, bytes.Length - 1);
        }
    }

    [Fact]
    public void Blood_pressure_feature_bits()
    {
        var all = BloodPressureFeature.Decode(Hex("3f00"));
        Assert.True(all.BodyMovementDetection && all.CuffFitDetection && all.IrregularPulseDetection
            && all.PulseRateRangeDetection && all.MeasurementPositionDetection && all.MultipleBonds);
        var none = BloodPressureFeature.Decode(Hex("c0ff"));
        Assert.False(none.BodyMovementDetection || none.CuffFitDetection || none.IrregularPulseDetection
            || none.PulseRateRangeDetection || none.MeasurementPositionDetection || none.MultipleBonds);
        Assert.Equal(0xFFC0, none.Raw);
        Rejects("3f", 0, b => BloodPressureFeature.Decode(b), "feature bits");
    }

    [Fact]
    public void Glucose_feature_bits()
    {
        var f = GlucoseFeature.Decode(Hex("0104")); // low battery detection, multiple bond
        Assert.True(f.LowBatteryDetection);
        Assert.True(f.MultipleBond);
        Assert.False(f.TimeFault);
        var all = GlucoseFeature.Decode(Hex("ff07"));
        Assert.True(all.SensorMalfunctionDetection && all.SensorSampleSize && all.SensorStripInsertionErrorDetection
            && all.SensorStripTypeErrorDetection && all.SensorResultHighLowDetection && all.SensorTemperatureHighLowDetection
            && all.SensorReadInterruptDetection && all.GeneralDeviceFault && all.TimeFault);
        Rejects("", 0, b => GlucoseFeature.Decode(b), "feature bits");
    }
}
