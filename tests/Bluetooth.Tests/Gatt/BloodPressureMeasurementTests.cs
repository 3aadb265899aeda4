using TelemetryGateway.Bluetooth.Gatt.BloodPressure;
using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;
using static TelemetryGateway.Bluetooth.Tests.Gatt.GattAssert;

namespace TelemetryGateway.Bluetooth.Tests.Gatt;

/// <summary>Blood Pressure Measurement 0x2A35 (GSS §3.31).</summary>
public class BloodPressureMeasurementTests
{
    [Fact]
    public void All_fields_mmHg_with_unknown_year()
    {
        // NordicSemiconductor/Android-BLE-Library@4a86e6c, BloodPressureMeasurementDataCallbackTest
        // onBloodPressureMeasurementReceived_full
        var m = BloodPressureMeasurement.Decode(Hex(
            "1e" +             // flags: mmHg, time stamp, pulse rate, user id, status
            "8a00" +           // systolic 138
            "5800" +           // diastolic 88
            "7800" +           // MAP 120
            "0000041114293b" + // year 0 (not known), April 17, 20:41:59
            "3c00" +           // pulse 60
            "01" +             // user 1
            "2700"));          // status: body movement, cuff too loose, irregular pulse, improper position
        Assert.Equal(PressureUnit.MillimetreOfMercury, m.Unit);
        Assert.Equal((138.0, 88.0, 120.0), (m.Systolic.Value, m.Diastolic.Value, m.MeanArterialPressure.Value));
        Assert.Equal(new GattDateTime(0, 4, 17, 20, 41, 59), m.TimeStamp);
        Assert.Null(m.TimeStamp!.Value.ToDeviceClock());
        Assert.Equal(60.0, m.PulseRate!.Value.Value);
        Assert.Equal((byte)1, m.UserId);
        var status = m.Status!.Value;
        Assert.True(status.BodyMovement && status.CuffTooLoose && status.IrregularPulse && status.ImproperPosition);
        Assert.Equal(PulseRateRange.WithinRange, status.PulseRateRange);

        var readings = m.ToReadings(Device, Received);
        Assert.Equal([ReadingKinds.BpSystolic, ReadingKinds.BpDiastolic, ReadingKinds.BpMean, ReadingKinds.HeartRate],
            readings.Select(r => r.Kind));
        var expectedFlags = ReadingFlags.BodyMovement | ReadingFlags.CuffFitLoose | ReadingFlags.IrregularPulse | ReadingFlags.ImproperPosition;
        Assert.All(readings, r =>
        {
            Assert.Equal(expectedFlags, r.Flags);
            Assert.Null(r.MeasuredAt); // a date without a year is no time
            Assert.Equal(Received, r.ReceivedAt);
            Assert.Equal(Device, r.DeviceId);
            Assert.Equal(ReadingSource.Ble, r.Source);
            Assert.Null(r.DeviceRecordNumber);
        });
        Assert.Equal(138.0, Single(readings, ReadingKinds.BpSystolic).Value);
        Assert.Equal(new Quantity(60.0, Ucum.PerMinute), Single(readings, ReadingKinds.HeartRate).Reported);
    }

    [Fact]
    public void Kilopascal_values_are_converted_and_reported_as_sent()
    {
        // Nordic Android-BLE-Library onBloodPressureMeasurementReceived_some
        var m = BloodPressureMeasurement.Decode(Hex(
            "15" +    // flags: kPa, pulse rate, status
            "bdf0" +  // systolic 189e-1 = 18.9 kPa
            "0b00" +  // diastolic 11 kPa
            "9ff0" +  // MAP 159e-1 = 15.9 kPa
            "3c00" +  // pulse 60
            "1200")); // status: cuff too loose, pulse rate below lower limit (bits 3-4 = 2)
        Assert.Equal(PressureUnit.Kilopascal, m.Unit);
        Assert.Null(m.TimeStamp);
        Assert.Null(m.UserId);
        Assert.Equal(PulseRateRange.BelowLowerLimit, m.Status!.Value.PulseRateRange);

        var readings = m.ToReadings(Device, Received);
        var systolic = Single(readings, ReadingKinds.BpSystolic);
        Assert.Equal(18.9 * UnitConversion.MmHgPerKilopascal, systolic.Value);
        Assert.Equal(Ucum.MillimetreOfMercury, systolic.Unit);
        Assert.Equal(new Quantity(18.9, Ucum.Kilopascal), systolic.Reported);
        Assert.Equal(11.0 * UnitConversion.MmHgPerKilopascal, Single(readings, ReadingKinds.BpDiastolic).Value);
        Assert.Equal(15.9 * UnitConversion.MmHgPerKilopascal, Single(readings, ReadingKinds.BpMean).Value);
        Assert.Equal(60.0, Single(readings, ReadingKinds.HeartRate).Value); // pulse is never a pressure
        Assert.All(readings, r => Assert.Equal(ReadingFlags.CuffFitLoose | ReadingFlags.PulseRateLow, r.Flags));
    }

    [Fact]
    public void Minimal_measurement_has_three_readings()
    {
        // Nordic Android-BLE-Library onBloodPressureMeasurementReceived_minimal
        var readings = BloodPressureMeasurement.Decode(Hex("00 bdf0 0b00 9ff0")).ToReadings(Device, Received);
        Assert.Equal([18.9, 11.0, 15.9], readings.Select(r => r.Value));
        Assert.All(readings, r => Assert.Equal(ReadingFlags.None, r.Flags));
    }

    [Fact]
    public void Time_stamp_becomes_the_uncorrected_device_clock()
    {
        // NordicSemiconductor/Android-nRF-Toolbox BloodPressureMeasurementParserTest "parse valid data with all fields"
        var m = BloodPressureMeasurement.Decode(Hex(
            "1f" +             // flags: kPa, time stamp, pulse, user id, status
            "7900 5100 6a00" + // 121, 81, 106 kPa (the test asserts kPa: the flag says so)
            "e40705150a1e2d" + // 2020-05-21 10:30:45
            "4800" +           // pulse 72
            "01" +             // user 1
            "0600"));          // cuff too loose, irregular pulse
        Assert.Equal(PressureUnit.Kilopascal, m.Unit);
        Assert.Equal(72.0, m.PulseRate!.Value.Value);
        Assert.True(m.Status!.Value.IrregularPulse);
        var readings = m.ToReadings(Device, Received);
        Assert.All(readings, r =>
        {
            Assert.Equal(new DateTimeOffset(2020, 5, 21, 10, 30, 45, TimeSpan.Zero), r.MeasuredAt);
            Assert.True(r.Flags.HasFlag(ReadingFlags.DeviceClockUncorrected));
            Assert.True(r.Flags.HasFlag(ReadingFlags.IrregularPulse));
        });
    }

    [Theory]
    // nRF Toolbox "without optional fields" and "with missing timestamp and pulse rate" (user id only)
    [InlineData("00 4800 5100 4000", null)]
    [InlineData("08 4800 5100 4000 01", (byte)1)]
    public void Optional_fields_follow_the_flags(string hex, byte? user)
    {
        var m = BloodPressureMeasurement.Decode(Hex(hex));
        Assert.Equal((72.0, 81.0, 64.0), (m.Systolic.Value, m.Diastolic.Value, m.MeanArterialPressure.Value));
        Assert.Equal(user, m.UserId);
        Assert.Null(m.PulseRate);
        Assert.Null(m.Status);
    }

    [Theory]
    // Nordic onInvalidDataReceived_toShort: flags 0x01, MAP cut after one byte
    [InlineData("010203040506", 5, "mean arterial pressure")]
    // Nordic onInvalidDataReceived_noTimestamp: flags 0x03 announce a time stamp that is missing
    [InlineData("03020304050607", 7, "time stamp")]
    // nRF Toolbox "parse invalid data length" and "parse null data"
    [InlineData("1f0048", 3, "diastolic")]
    [InlineData("", 0, "flags")]
    // Each optional field missing in turn (GSS §3.31: fields follow the flag order)
    [InlineData("04 4800 5100 4000", 7, "pulse rate")]
    [InlineData("08 4800 5100 4000", 7, "user id")]
    [InlineData("10 4800 5100 4000 00", 7, "measurement status")]
    [InlineData("1e 4800 5100 4000 e40705150a1e2d 4800 01", 17, "measurement status")]
    public void Truncated_payloads_name_the_byte(string hex, int at, string field) =>
        Rejects(hex, at, b => BloodPressureMeasurement.Decode(b), field);

    [Theory]
    // Out-of-range time stamp fields (GSS §3.70) are corrupt input, named by their byte.
    [InlineData("02 4800 5100 4000 e4070d150a1e2d", 9, "month 13")]
    [InlineData("02 4800 5100 4000 e40705200a1e2d", 10, "day 32")]
    [InlineData("02 4800 5100 4000 e407051518 1e2d", 11, "hours 24")]
    [InlineData("02 4800 5100 4000 e4070515 0a3c2d", 12, "minutes 60")]
    [InlineData("02 4800 5100 4000 e4070515 0a1e3c", 13, "seconds 60")]
    [InlineData("02 4800 5100 4000 e307021e0a1e2d", 10, "day 30 does not exist in 2019-02")]
    [InlineData("02 4800 5100 4000 0100 05150a1e2d", 7, "year 1")]
    public void Impossible_time_stamps_are_rejected(string hex, int at, string problem) =>
        Rejects(hex, at, b => BloodPressureMeasurement.Decode(b), problem);

    [Fact]
    public void Reserved_flag_and_status_bits_are_ignored()
    {
        // GSS §3.31: flags bits 5-7 and status bits 6-15 are RFU; a receiver ignores them.
        var m = BloodPressureMeasurement.Decode(Hex("f0 4800 5100 4000 c0ff"));
        Assert.Equal(PressureUnit.MillimetreOfMercury, m.Unit);
        Assert.Equal(ReadingFlags.None, m.Status!.Value.ToReadingFlags());
        // Pulse rate range 3 is reserved: no flag.
        Assert.Equal(ReadingFlags.None, new BloodPressureStatus(0x0018).ToReadingFlags());
        Assert.Equal(ReadingFlags.PulseRateHigh, new BloodPressureStatus(0x0008).ToReadingFlags());
    }

    [Fact]
    public void Special_values_give_no_reading_but_stay_in_the_record()
    {
        // Systolic NaN, diastolic NRes, MAP +INF, pulse -INF: the cuff has no number for any of them.
        var m = BloodPressureMeasurement.Decode(Hex("04 ff07 0008 fe07 0208"));
        Assert.Equal(MedicalFloatSpecial.NaN, m.Systolic.Special);
        Assert.Equal(MedicalFloatSpecial.NRes, m.Diastolic.Special);
        Assert.Equal(MedicalFloatSpecial.PositiveInfinity, m.MeanArterialPressure.Special);
        Assert.Equal(MedicalFloatSpecial.NegativeInfinity, m.PulseRate!.Value.Special);
        Assert.Empty(m.ToReadings(Device, Received));

        var some = BloodPressureMeasurement.Decode(Hex("00 7800 5000 ff07")).ToReadings(Device, Received);
        Assert.Equal([ReadingKinds.BpSystolic, ReadingKinds.BpDiastolic], some.Select(r => r.Kind));
    }

    [Fact]
    public void Every_flag_combination_decodes_with_exactly_the_announced_length()
    {
        for (var flags = 0; flags < 256; flags++)
        {
            var payload = new List<byte> { (byte)flags, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00 };
            if ((flags & 0x02) != 0)
            {
                payload.AddRange(Hex("ea070b160829 1e"));
            }
            if ((flags & 0x04) != 0)
            {
                payload.AddRange(Hex("4800"));
            }
            if ((flags & 0x08) != 0)
            {
                payload.Add(0x02);
            }
            if ((flags & 0x10) != 0)
            {
                payload.AddRange(Hex("0100"));
            }
            var bytes = payload.ToArray();
            var m = BloodPressureMeasurement.Decode(bytes);
            Assert.Equal((flags & 0x01) != 0 ? PressureUnit.Kilopascal : PressureUnit.MillimetreOfMercury, m.Unit);
            Assert.Equal((flags & 0x02) != 0, m.TimeStamp is not null);
            Assert.Equal((flags & 0x04) != 0, m.PulseRate is not null);
            Assert.Equal((flags & 0x08) != 0, m.UserId is not null);
            Assert.Equal((flags & 0x10) != 0, m.Status is not null);
            var readings = m.ToReadings(Device, Received);
            Assert.Equal((flags & 0x04) != 0 ? 4 : 3, readings.Count);
            Assert.Equal((flags & 0x02) != 0, readings[0].MeasuredAt is not null);
            Assert.Equal((flags & 0x10) != 0, readings[0].Flags.HasFlag(ReadingFlags.BodyMovement));
            // One byte fewer is always rejected, at the byte where the last field starts or later.
            var ex = Assert.Throws<DeviceFormatException>(() => BloodPressureMeasurement.Decode(bytes.AsSpan(0, bytes.Length - 1)));
            Assert.StartsWith("byte ", ex.Location, StringComparison.Ordinal);
            Assert.Equal("ble 2A35", ex.Format);
        }
    }
}
