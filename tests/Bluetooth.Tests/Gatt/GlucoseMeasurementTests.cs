using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Bluetooth.Gatt.Glucose;
using TelemetryGateway.Core;
using static TelemetryGateway.Bluetooth.Tests.Gatt.GattAssert;

namespace TelemetryGateway.Bluetooth.Tests.Gatt;

/// <summary>Glucose Measurement 0x2A18 (GSS, Glucose Measurement; GLS v1.0.1).</summary>
public class GlucoseMeasurementTests
{
    [Fact]
    public void Full_record_with_negative_time_offset_and_status()
    {
        // NordicSemiconductor/Android-BLE-Library@4a86e6c, GlucoseMeasurementDataCallbackTest onGlucoseMeasurementReceived
        var m = GlucoseMeasurement.Decode(Hex(
            "1b" +             // flags: time offset, concentration + type/location, status, context follows (kg/L)
            "0100" +           // sequence number 1
            "e307021b0b0a1e" + // base time 2019-02-27 11:10:30
            "fbff" +           // time offset -5 min
            "1e00" +           // concentration 30 kg/L (what the test's comments say; not physiological)
            "12" +             // type 2 capillary plasma, location 1 finger
            "0501"));          // status 0x0105: battery low, sample size insufficient, sensor temperature too low
        Assert.Equal(1, m.SequenceNumber);
        Assert.Equal(new GattDateTime(2019, 2, 27, 11, 10, 30), m.BaseTime);
        Assert.Equal((short)-5, m.TimeOffsetMinutes);
        Assert.Equal(new DateTimeOffset(2019, 2, 27, 11, 5, 30, TimeSpan.Zero), m.MeasuredAt);
        Assert.Equal(30.0, m.Concentration!.Value.Value);
        Assert.Equal(GlucoseConcentrationUnit.KilogramPerLitre, m.Unit);
        Assert.Equal(GlucoseSampleType.CapillaryPlasma, m.Type);
        Assert.Equal(GlucoseSampleLocation.Finger, m.Location);
        Assert.Equal(261, m.Status!.Value.Raw);
        Assert.True(m.Status.Value.DeviceBatteryLow);
        Assert.False(m.Status.Value.GeneralDeviceFault);
        Assert.True(m.ContextFollows);

        var reading = Assert.Single(m.ToReadings(Device, Received));
        Assert.Equal(ReadingKinds.Glucose, reading.Kind);
        Assert.Equal(30.0 * 100_000.0 / UnitConversion.GlucoseMgPerDlPerMmolPerL, reading.Value);
        Assert.Equal(Ucum.MillimolePerLitre, reading.Unit);
        Assert.Equal(new Quantity(30.0, Ucum.KilogramPerLitre), reading.Reported);
        Assert.Equal(1, reading.DeviceRecordNumber);
        Assert.Equal(m.MeasuredAt, reading.MeasuredAt);
        Assert.Equal(ReadingFlags.DeviceBatteryLow | ReadingFlags.SampleSizeInsufficient | ReadingFlags.SensorTemperatureLow
            | ReadingFlags.DeviceClockUncorrected, reading.Flags);
    }

    [Fact]
    public void Typical_kg_per_litre_value_converts_to_mmol_per_litre()
    {
        // 120 mg/dL is 120e-5 kg/L: SFLOAT mantissa 120 (0x078), exponent -5 (0xB) = 0xB078.
        var m = GlucoseMeasurement.Decode(Hex("02 2a00 ea070b16081e00 78b0 11"));
        var reading = Assert.Single(m.ToReadings(Device, Received));
        Assert.Equal(120.0 / UnitConversion.GlucoseMgPerDlPerMmolPerL, reading.Value, 12);
        Assert.Equal(42, reading.DeviceRecordNumber);
        Assert.Equal(new Quantity(0.0012, Ucum.KilogramPerLitre), reading.Reported);
    }

    [Fact]
    public void Mole_per_litre_and_zero_offset()
    {
        // NordicSemiconductor/Android-nRF-Toolbox GlucoseMeasurementParserTest "should parse record with all optional fields"
        var m = GlucoseMeasurement.Decode(Hex(
            "1f" +             // all flags: offset, concentration, mol/L, status, context follows
            "0200" +           // sequence 2
            "e40705150a1e2d" + // 2020-05-21 10:30:45
            "0000" +           // offset 0
            "5100" +           // 81 mol/L (as the test asserts)
            "14" +             // type 4 venous plasma, location 1 finger
            "0600"));          // status 6: sensor malfunction, sample size insufficient
        Assert.Equal(2, m.SequenceNumber);
        Assert.Equal(GlucoseConcentrationUnit.MolePerLitre, m.Unit);
        Assert.Equal(81.0, m.Concentration!.Value.Value);
        Assert.Equal(GlucoseSampleType.VenousPlasma, m.Type);
        Assert.Equal(GlucoseSampleLocation.Finger, m.Location);
        Assert.Equal(6, m.Status!.Value.Raw);
        Assert.True(m.ContextFollows);
        Assert.Equal(new DateTimeOffset(2020, 5, 21, 10, 30, 45, TimeSpan.Zero), m.MeasuredAt);
        var reading = Assert.Single(m.ToReadings(Device, Received));
        Assert.Equal(81_000.0, reading.Value);
        Assert.Equal(new Quantity(81.0, Ucum.MolePerLitre), reading.Reported);
    }

    [Fact]
    public void Record_with_only_required_fields_has_no_reading()
    {
        // nRF Toolbox "should parse record with only required fields"
        var m = GlucoseMeasurement.Decode(Hex("00 0100 e40705150a1e2d"));
        Assert.Equal(1, m.SequenceNumber);
        Assert.Null(m.Concentration);
        Assert.Null(m.Type);
        Assert.Null(m.Status);
        Assert.False(m.ContextFollows);
        Assert.Equal(new DateTimeOffset(2020, 5, 21, 10, 30, 45, TimeSpan.Zero), m.MeasuredAt);
        Assert.Empty(m.ToReadings(Device, Received));
    }

    [Theory]
    // Type 10 = control solution, or location 4 = control solution (GLS): a device check, flagged.
    [InlineData("0a")]
    [InlineData("41")]
    public void Control_solution_is_flagged(string typeAndLocation)
    {
        var m = GlucoseMeasurement.Decode(Hex("02 0700 ea070b16081e00 78b0" + typeAndLocation));
        Assert.True(m.IsControlSolution);
        var reading = Assert.Single(m.ToReadings(Device, Received));
        Assert.True(reading.Flags.HasFlag(ReadingFlags.ControlSolution));
        Assert.Null(reading.PatientId);
    }

    [Fact]
    public void Every_annunciation_bit_maps_to_its_core_flag()
    {
        ReadingFlags[] expected =
        [
            ReadingFlags.DeviceBatteryLow, ReadingFlags.SensorMalfunction, ReadingFlags.SampleSizeInsufficient,
            ReadingFlags.StripInsertionError, ReadingFlags.StripTypeIncorrect, ReadingFlags.ResultAboveDeviceRange,
            ReadingFlags.ResultBelowDeviceRange, ReadingFlags.SensorTemperatureHigh, ReadingFlags.SensorTemperatureLow,
            ReadingFlags.SensorReadInterrupted, ReadingFlags.GeneralDeviceFault, ReadingFlags.DeviceTimeFault,
        ];
        for (var bit = 0; bit < 16; bit++)
        {
            var flags = new SensorStatusAnnunciation((ushort)(1 << bit)).ToReadingFlags();
            Assert.Equal(bit < 12 ? expected[bit] : ReadingFlags.None, flags); // bits 12-15 RFU, ignored
        }
    }

    [Fact]
    public void Unknown_base_date_leaves_the_time_to_the_gateway()
    {
        var m = GlucoseMeasurement.Decode(Hex("03 0900 00000000000000 0a00 78b0 11"));
        Assert.Null(m.MeasuredAt);
        var reading = Assert.Single(m.ToReadings(Device, Received));
        Assert.Null(reading.MeasuredAt);
        Assert.False(reading.Flags.HasFlag(ReadingFlags.DeviceClockUncorrected));
        Assert.Equal(Received, reading.EffectiveTime);
    }

    [Fact]
    public void Special_concentration_gives_no_reading()
    {
        var m = GlucoseMeasurement.Decode(Hex("02 0300 ea070b16081e00 fe07 11"));
        Assert.Equal(MedicalFloatSpecial.PositiveInfinity, m.Concentration!.Value.Special);
        Assert.Empty(m.ToReadings(Device, Received));
    }

    [Theory]
    // NordicSemiconductor/Android-BLE-Library onInvalidDataReceived: flags 0x1B, one field short
    [InlineData("1b0000e207041a0b091e1e00120501", 15, "sensor status annunciation")]
    // nRF Toolbox "should return null for data size less than 10"
    [InlineData("000000000000000000", 3, "base time")]
    // nRF Toolbox "should return null for incomplete optional fields": type-sample location missing
    [InlineData("0f0300e40705150a1e2d0500cdcc", 14, "type-sample location")]
    [InlineData("01 0100 e40705150a1e2d 05", 10, "time offset")]
    [InlineData("02 0100 e40705150a1e2d", 10, "glucose concentration")]
    [InlineData("", 0, "flags")]
    [InlineData("00 01", 1, "sequence number")]
    public void Truncated_records_name_the_byte(string hex, int at, string field) =>
        Rejects(hex, at, b => GlucoseMeasurement.Decode(b), field);

    [Fact]
    public void Offset_past_year_9999_is_rejected()
    {
        // Base time 9999-12-31 23:59:59 plus 32767 minutes has no calendar date.
        Rejects("01 0000 0f270c1f173b3b ff7f", 10, b => GlucoseMeasurement.Decode(b), "past year 9999");
        // A negative offset from the same base time is fine.
        var m = GlucoseMeasurement.Decode(Hex("01 0000 0f270c1f173b3b 0080"));
        Assert.Equal(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddMinutes(-32768), m.MeasuredAt);
    }

    [Fact]
    public void Every_flag_combination_decodes_with_exactly_the_announced_length()
    {
        for (var flags = 0; flags < 256; flags++)
        {
            var payload = new List<byte> { (byte)flags };
            payload.AddRange(Hex("0500 ea070b16081e00"));
            if ((flags & 0x01) != 0)
            {
                payload.AddRange(Hex("0f00"));
            }
            if ((flags & 0x02) != 0)
            {
                payload.AddRange(Hex("78b0 11"));
            }
            if ((flags & 0x08) != 0)
            {
                payload.AddRange(Hex("0008"));
            }
            var bytes = payload.ToArray();
            var m = GlucoseMeasurement.Decode(bytes);
            Assert.Equal((flags & 0x01) != 0 ? (short)15 : null, m.TimeOffsetMinutes);
            Assert.Equal((flags & 0x02) != 0, m.Concentration is not null);
            Assert.Equal((flags & 0x04) != 0 ? GlucoseConcentrationUnit.MolePerLitre : GlucoseConcentrationUnit.KilogramPerLitre, m.Unit);
            Assert.Equal((flags & 0x08) != 0, m.Status is not null);
            Assert.Equal((flags & 0x10) != 0, m.ContextFollows);
            var readings = m.ToReadings(Device, Received);
            Assert.Equal((flags & 0x02) != 0 ? 1 : 0, readings.Count);
            if (readings.Count == 1)
            {
                Assert.Equal(new DateTimeOffset(2026, 11, 22, 8, 30 + ((flags & 0x01) != 0 ? 15 : 0), 0, TimeSpan.Zero), readings[0].MeasuredAt);
                Assert.Equal((flags & 0x08) != 0, readings[0].Flags.HasFlag(ReadingFlags.DeviceTimeFault));
            }
            Assert.Throws<DeviceFormatException>(() => GlucoseMeasurement.Decode(bytes.AsSpan(0, bytes.Length - 1)));
        }
    }
}
