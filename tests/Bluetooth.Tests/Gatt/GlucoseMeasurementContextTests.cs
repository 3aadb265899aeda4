using TelemetryGateway.Bluetooth.Gatt.Glucose;
using static TelemetryGateway.Bluetooth.Tests.Gatt.GattAssert;

namespace TelemetryGateway.Bluetooth.Tests.Gatt;

/// <summary>Glucose Measurement Context 0x2A34 (GSS, Glucose Measurement Context; GLS v1.0.1).</summary>
public class GlucoseMeasurementContextTests
{
    [Fact]
    public void All_fields_with_extended_flags()
    {
        // NordicSemiconductor/Android-BLE-Library@4a86e6c, GlucoseMeasurementContextDataCallbackTest
        // onGlucoseMeasurementContextReceived_full (values from the test's own encoder comments)
        var c = GlucoseMeasurementContext.Decode(Hex(
            "ff" +   // flags: every field, medication in litres, extended flags present
            "0000" + // sequence 0
            "b3" +   // extended flags (RFU in GLS v1.0.1: kept, not interpreted)
            "03" +   // carbohydrate id 3 dinner
            "6400" + // carbohydrate 100 kg
            "04" +   // meal 4 casual
            "12" +   // tester 2 health care professional, health 1 minor health issues
            "3c00" + // exercise 60 s
            "32" +   // intensity 50 %
            "04" +   // medication 4 long acting insulin
            "d3f4" + // medication 1235e-1 = 123.5
            "59f1")); // HbA1c 345e-1 = 34.5 %
        Assert.Equal(0, c.SequenceNumber);
        Assert.Equal((byte)0xB3, c.ExtendedFlags);
        Assert.Equal(CarbohydrateId.Dinner, c.CarbohydrateId);
        Assert.Equal(100.0, c.Carbohydrate!.Value.Value);
        Assert.Equal(Meal.Casual, c.Meal);
        Assert.Equal(GlucoseTester.HealthCareProfessional, c.Tester);
        Assert.Equal(GlucoseHealth.MinorHealthIssues, c.Health);
        Assert.Equal((ushort)60, c.ExerciseDurationSeconds);
        Assert.Equal((byte)50, c.ExerciseIntensityPercent);
        Assert.Equal(MedicationId.LongActingInsulin, c.MedicationId);
        Assert.Equal(123.5, c.Medication!.Value.Value);
        Assert.Equal(MedicationUnit.Litres, c.MedicationUnit);
        Assert.Equal(34.5, c.HbA1cPercent!.Value.Value);
    }

    [Fact]
    public void No_fields_and_padding_after_them()
    {
        // Nordic onGlucoseMeasurementContextReceived_empty: a 17-byte buffer, flags 0, trailing zeros.
        // Octets after the announced fields are ignored (README, "Trailing octets").
        var c = GlucoseMeasurementContext.Decode(Hex("00 0100 0000000000000000000000000000"));
        Assert.Equal(1, c.SequenceNumber);
        Assert.Null(c.ExtendedFlags);
        Assert.Null(c.CarbohydrateId);
        Assert.Null(c.Carbohydrate);
        Assert.Null(c.Meal);
        Assert.Null(c.Tester);
        Assert.Null(c.Health);
        Assert.Null(c.ExerciseDurationSeconds);
        Assert.Null(c.ExerciseIntensityPercent);
        Assert.Null(c.MedicationId);
        Assert.Null(c.Medication);
        Assert.Equal(MedicationUnit.Kilograms, c.MedicationUnit);
        Assert.Null(c.HbA1cPercent);
    }

    [Theory]
    // Nordic onInvalidDataReceived: flags 0xFF, cut inside the carbohydrate
    [InlineData("ff0000b303", 5, "carbohydrate SFLOAT")]
    [InlineData("02 0100", 3, "meal")]
    [InlineData("04 0100", 3, "tester-health")]
    [InlineData("08 0100 3c00", 5, "exercise intensity")]
    [InlineData("10 0100 01 00", 4, "medication SFLOAT")]
    [InlineData("40 0100", 3, "HbA1c")]
    [InlineData("80 0100", 3, "extended flags")]
    [InlineData("00 01", 1, "sequence number")]
    public void Truncated_context_names_the_byte(string hex, int at, string field) =>
        Rejects(hex, at, b => GlucoseMeasurementContext.Decode(b), field);

    [Fact]
    public void Every_flag_combination_decodes_with_exactly_the_announced_length()
    {
        for (var flags = 0; flags < 256; flags++)
        {
            var payload = new List<byte> { (byte)flags, 0x09, 0x00 };
            if ((flags & 0x80) != 0) { payload.Add(0x00); }
            if ((flags & 0x01) != 0) { payload.AddRange(Hex("01 3200")); }
            if ((flags & 0x02) != 0) { payload.Add(0x01); }
            if ((flags & 0x04) != 0) { payload.Add(0x51); }
            if ((flags & 0x08) != 0) { payload.AddRange(Hex("ffff 64")); }
            if ((flags & 0x10) != 0) { payload.AddRange(Hex("01 0a00")); }
            if ((flags & 0x40) != 0) { payload.AddRange(Hex("41f0")); }
            var bytes = payload.ToArray();
            var c = GlucoseMeasurementContext.Decode(bytes);
            Assert.Equal(9, c.SequenceNumber);
            Assert.Equal((flags & 0x01) != 0 ? 50.0 : null, c.Carbohydrate?.Value);
            Assert.Equal((flags & 0x02) != 0 ? Meal.Preprandial : null, c.Meal);
            Assert.Equal((flags & 0x04) != 0 ? GlucoseHealth.NoHealthIssues : null, c.Health);
            Assert.Equal((flags & 0x04) != 0 ? GlucoseTester.Self : null, c.Tester);
            Assert.Equal((flags & 0x08) != 0 ? (ushort)0xFFFF : null, c.ExerciseDurationSeconds);
            Assert.Equal((flags & 0x10) != 0 ? 10.0 : null, c.Medication?.Value);
            Assert.Equal((flags & 0x20) != 0 ? MedicationUnit.Litres : MedicationUnit.Kilograms, c.MedicationUnit);
            Assert.Equal((flags & 0x40) != 0 ? 6.5 : null, c.HbA1cPercent?.Value);
            if (bytes.Length > 3)
            {
                Assert.Throws<Core.DeviceFormatException>(() => GlucoseMeasurementContext.Decode(bytes.AsSpan(0, bytes.Length - 1)));
            }
        }
    }
}
