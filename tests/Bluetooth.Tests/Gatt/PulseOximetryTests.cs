using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Bluetooth.Gatt.PulseOximetry;
using TelemetryGateway.Core;
using static TelemetryGateway.Bluetooth.Tests.Gatt.GattAssert;

namespace TelemetryGateway.Bluetooth.Tests.Gatt;

/// <summary>PLX Spot-Check 0x2A5E and Continuous 0x2A5F (PLXS v1.0.1).</summary>
public class PulseOximetryTests
{
    [Theory]
    // StanfordSpezi/SpeziBluetooth PLXMeasurementTests testVerySimpleMeasurementCoding: integer SFLOATs, and
    // Spezi's own encoding of the same values (1000e-1, 900e-1).
    [InlineData("0064005a00")]
    [InlineData("00e8f384f3")]
    public void Continuous_normal_only(string hex)
    {
        var m = PlxContinuousMeasurement.Decode(Hex(hex));
        Assert.Equal((100.0, 90.0), (m.Normal.SpO2.Value, m.Normal.PulseRate.Value));
        Assert.Null(m.Fast);
        Assert.Null(m.Slow);
        Assert.Null(m.MeasurementStatus);
        var readings = m.ToReadings(Device, Received);
        Assert.Equal(100.0, Single(readings, ReadingKinds.SpO2).Value);
        Assert.Equal(Ucum.Percent, Single(readings, ReadingKinds.SpO2).Unit);
        Assert.Equal(90.0, Single(readings, ReadingKinds.PulseRate).Value);
        Assert.All(readings, r => Assert.Null(r.MeasuredAt));
    }

    [Fact]
    public void Continuous_with_status_and_pulse_amplitude_index()
    {
        // Spezi testSimpleMeasurementCoding
        var m = PlxContinuousMeasurement.Decode(Hex(
            "1c" +     // flags: measurement status, device and sensor status, PAI
            "5f00" +   // SpO2 95
            "5a00" +   // PR 90
            "2000" +   // measurement ongoing
            "000000" + // device and sensor status: none
            "57f0"));  // PAI 87e-1 = 8.7
        Assert.Equal(95.0, m.Normal.SpO2.Value);
        Assert.True(m.MeasurementStatus!.Value.MeasurementOngoing);
        Assert.Equal(0x20, m.MeasurementStatus.Value.Raw);
        Assert.Equal(0u, m.DeviceAndSensorStatus!.Value.Raw);
        Assert.Equal(8.7, m.PulseAmplitudeIndex!.Value.Value);
        Assert.All(m.ToReadings(Device, Received), r => Assert.Equal(ReadingFlags.None, r.Flags));
    }

    [Fact]
    public void Continuous_with_every_field()
    {
        // Spezi testFullMeasurementCoding
        var m = PlxContinuousMeasurement.Decode(Hex(
            "1f" +        // flags: fast, slow, measurement status, device and sensor status, PAI
            "def3 caf3" + // normal: 99, 97
            "caf3 5af5" + // fast: 97, 137
            "d4f3 b2f2" + // slow: 98, 69
            "2001" +      // measurement ongoing, fully qualified data
            "000000" +
            "7ae3"));     // PAI 890e-2 = 8.9
        Assert.Equal((99.0, 97.0), (m.Normal.SpO2.Value, m.Normal.PulseRate.Value));
        Assert.Equal((97.0, 137.0), (m.Fast!.Value.SpO2.Value, m.Fast.Value.PulseRate.Value));
        Assert.Equal((98.0, 69.0), (m.Slow!.Value.SpO2.Value, m.Slow.Value.PulseRate.Value));
        Assert.Equal(288, m.MeasurementStatus!.Value.Raw);
        Assert.True(m.MeasurementStatus.Value.FullyQualifiedData);
        Assert.Equal(8.9, m.PulseAmplitudeIndex!.Value.Value);
        // Readings come from SpO2PR-Normal only (fast/slow would duplicate the kinds).
        Assert.Equal([99.0, 97.0], m.ToReadings(Device, Received).Select(r => r.Value));
    }

    [Fact]
    public void Spot_check_with_every_field()
    {
        // Spezi testSpotCheckMeasurementCoding
        var m = PlxSpotCheckMeasurement.Decode(Hex(
            "0f" +             // flags: time stamp, measurement status, device and sensor status, PAI
            "acf3" +           // SpO2 940e-1 = 94
            "bef5" +           // PR 1470e-1 = 147
            "e8070b1d170839" + // 2024-11-29 23:08:57
            "2040" +           // measurement ongoing, questionable measurement detected
            "220000" +         // equipment malfunction, low perfusion
            "66e3"));          // PAI 870e-2 = 8.7
        Assert.Equal((94.0, 147.0), (m.SpO2.Value, m.PulseRate.Value));
        Assert.Equal(new GattDateTime(2024, 11, 29, 23, 8, 57), m.TimeStamp);
        Assert.Equal(16416, m.MeasurementStatus!.Value.Raw);
        Assert.True(m.MeasurementStatus.Value.QuestionableMeasurementDetected);
        Assert.Equal(34u, m.DeviceAndSensorStatus!.Value.Raw);
        Assert.True(m.DeviceAndSensorStatus.Value.EquipmentMalfunctionDetected);
        Assert.True(m.DeviceAndSensorStatus.Value.LowPerfusionDetected);
        Assert.Equal(8.7, m.PulseAmplitudeIndex!.Value.Value);
        Assert.False(m.DeviceClockNotSet);

        var readings = m.ToReadings(Device, Received);
        Assert.Equal(94.0, Single(readings, ReadingKinds.SpO2).Value);
        Assert.Equal(147.0, Single(readings, ReadingKinds.PulseRate).Value);
        Assert.All(readings, r =>
        {
            Assert.Equal(new DateTimeOffset(2024, 11, 29, 23, 8, 57, TimeSpan.Zero), r.MeasuredAt);
            Assert.Equal(ReadingFlags.QuestionableMeasurement | ReadingFlags.GeneralDeviceFault | ReadingFlags.DeviceClockUncorrected, r.Flags);
        });
    }

    [Fact]
    public void Spot_check_from_a_clock_that_is_not_set_has_no_time()
    {
        var m = PlxSpotCheckMeasurement.Decode(Hex("11 6100 4800 d0070101000000"));
        Assert.True(m.DeviceClockNotSet);
        Assert.All(m.ToReadings(Device, Received), r =>
        {
            Assert.Null(r.MeasuredAt);
            Assert.Equal(ReadingFlags.DeviceTimeFault, r.Flags);
        });
    }

    [Theory]
    [InlineData(0x0400, ReadingFlags.DemonstrationData)]         // data for demonstration
    [InlineData(0x0800, ReadingFlags.DemonstrationData)]         // data for testing
    [InlineData(0x8000, ReadingFlags.QuestionableMeasurement)]   // invalid measurement detected
    [InlineData(0x4000, ReadingFlags.QuestionableMeasurement)]   // questionable measurement detected
    [InlineData(0x03FF, ReadingFlags.None)]                      // RFU, progress and quality-of-data bits
    public void Measurement_status_flags(int raw, ReadingFlags expected) =>
        Assert.Equal(expected, new PlxMeasurementStatus((ushort)raw).ToReadingFlags());

    [Fact]
    public void Device_and_sensor_status_flags()
    {
        for (var bit = 0; bit < 24; bit++)
        {
            var flags = new PlxDeviceAndSensorStatus(1u << bit).ToReadingFlags();
            var expected = bit switch
            {
                1 => ReadingFlags.GeneralDeviceFault,
                14 => ReadingFlags.SensorMalfunction,
                0 or 9 or >= 16 => ReadingFlags.None, // display update, signal analysis ongoing, RFU
                _ => ReadingFlags.QuestionableMeasurement,
            };
            Assert.Equal(expected, flags);
        }
    }

    [Theory]
    [InlineData("1f", 1, "SpO2PR-Normal SpO2")]
    [InlineData("01 6100 4800 61", 5, "SpO2PR-Fast SpO2")]
    [InlineData("02 6100 4800", 5, "SpO2PR-Slow SpO2")]
    [InlineData("04 6100 4800 20", 5, "measurement status")]
    [InlineData("08 6100 4800 0000", 5, "device and sensor status")]
    [InlineData("10 6100 4800", 5, "pulse amplitude index")]
    public void Continuous_truncated_payloads_name_the_byte(string hex, int at, string field) =>
        Rejects(hex, at, b => PlxContinuousMeasurement.Decode(b), field);

    [Theory]
    [InlineData("", 0, "flags")]
    [InlineData("00 6100 48", 3, "pulse rate")]
    [InlineData("01 6100 4800 d007", 5, "time stamp")]
    [InlineData("02 6100 4800", 5, "measurement status")]
    [InlineData("04 6100 4800 00", 5, "device and sensor status")]
    [InlineData("08 6100 4800", 5, "pulse amplitude index")]
    public void Spot_check_truncated_payloads_name_the_byte(string hex, int at, string field) =>
        Rejects(hex, at, b => PlxSpotCheckMeasurement.Decode(b), field);

    [Fact]
    public void Every_flag_combination_decodes_with_exactly_the_announced_length()
    {
        for (var flags = 0; flags < 256; flags++)
        {
            var spot = new List<byte> { (byte)flags, 0x61, 0x00, 0x48, 0x00 };
            if ((flags & 0x01) != 0) { spot.AddRange(Hex("ea070b1608000a")); }
            if ((flags & 0x02) != 0) { spot.AddRange(Hex("0001")); }
            if ((flags & 0x04) != 0) { spot.AddRange(Hex("000000")); }
            if ((flags & 0x08) != 0) { spot.AddRange(Hex("57f0")); }
            var s = PlxSpotCheckMeasurement.Decode(spot.ToArray());
            Assert.Equal((flags & 0x01) != 0, s.TimeStamp is not null);
            Assert.Equal((flags & 0x02) != 0, s.MeasurementStatus is not null);
            Assert.Equal((flags & 0x04) != 0, s.DeviceAndSensorStatus is not null);
            Assert.Equal((flags & 0x08) != 0, s.PulseAmplitudeIndex is not null);
            Assert.Equal((flags & 0x10) != 0, s.DeviceClockNotSet);
            Assert.Equal(2, s.ToReadings(Device, Received).Count);
            Assert.Throws<DeviceFormatException>(() => PlxSpotCheckMeasurement.Decode(spot.ToArray().AsSpan(0, spot.Count - 1)));

            var continuous = new List<byte> { (byte)flags, 0x61, 0x00, 0x48, 0x00 };
            if ((flags & 0x01) != 0) { continuous.AddRange(Hex("6000 4900")); }
            if ((flags & 0x02) != 0) { continuous.AddRange(Hex("6200 4700")); }
            if ((flags & 0x04) != 0) { continuous.AddRange(Hex("0001")); }
            if ((flags & 0x08) != 0) { continuous.AddRange(Hex("000000")); }
            if ((flags & 0x10) != 0) { continuous.AddRange(Hex("57f0")); }
            var c = PlxContinuousMeasurement.Decode(continuous.ToArray());
            Assert.Equal((flags & 0x01) != 0 ? 96.0 : null, c.Fast?.SpO2.Value);
            Assert.Equal((flags & 0x02) != 0 ? 98.0 : null, c.Slow?.SpO2.Value);
            Assert.Equal((flags & 0x04) != 0, c.MeasurementStatus is not null);
            Assert.Equal((flags & 0x08) != 0, c.DeviceAndSensorStatus is not null);
            Assert.Equal((flags & 0x10) != 0 ? 8.7 : null, c.PulseAmplitudeIndex?.Value);
            Assert.Equal([97.0, 72.0], c.ToReadings(Device, Received).Select(r => r.Value));
            Assert.Throws<DeviceFormatException>(() => PlxContinuousMeasurement.Decode(continuous.ToArray().AsSpan(0, continuous.Count - 1)));
        }
    }

    [Fact]
    public void Special_values_give_no_reading()
    {
        var m = PlxContinuousMeasurement.Decode(Hex("00 ff07 4800"));
        Assert.Equal(MedicalFloatSpecial.NaN, m.Normal.SpO2.Special);
        Assert.Equal([ReadingKinds.PulseRate], m.ToReadings(Device, Received).Select(r => r.Kind));
    }
}

/// <summary>PLX Features 0x2A60 (PLXS v1.0.1).</summary>
public class PlxFeaturesTests
{
    [Fact]
    public void Features_with_both_support_fields()
    {
        // StanfordSpezi/SpeziBluetooth testPLXFeaturesCoding
        var f = PlxFeatures.Decode(Hex(
            "a300" +    // measurement status support, device and sensor status support, SpO2PR-Slow, multiple bonds
            "4010" +    // measurement status support: early estimated data, calibration ongoing
            "800100")); // device and sensor status support: nonpulsatile signal, questionable pulse
        Assert.True(f.SpO2PRSlow && f.MultipleBonds);
        Assert.False(f.SpO2PRFast || f.PulseAmplitudeIndex || f.TimeStampForSpotCheck || f.MeasurementStorageForSpotCheck);
        Assert.True(f.MeasurementStatusSupport!.Value.EarlyEstimatedData && f.MeasurementStatusSupport.Value.CalibrationOngoing);
        Assert.Equal(0x1040, f.MeasurementStatusSupport.Value.Raw);
        Assert.True(f.DeviceAndSensorStatusSupport!.Value.NonpulsatileSignalDetected && f.DeviceAndSensorStatusSupport.Value.QuestionablePulseDetected);
        Assert.Equal(0x000180u, f.DeviceAndSensorStatusSupport.Value.Raw);
    }

    [Theory]
    [InlineData("a3", 0, "supported features")]
    [InlineData("0100 40", 2, "measurement status support")]
    [InlineData("0200 8001", 2, "device and sensor status support")]
    public void Truncated_features_name_the_byte(string hex, int at, string field) =>
        Rejects(hex, at, b => PlxFeatures.Decode(b), field);
}
