using TelemetryGateway.Core;
using TelemetryGateway.Monitors.Hl7;

namespace TelemetryGateway.Monitors.Tests;

/// <summary>The published ORU^R01 vectors (see <see cref="Hl7Vectors"/>) with exact expected readings.</summary>
public sealed class Hl7VectorTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static OruR01Result Decode(string message, string? device = null) =>
        OruR01Decoder.Decode(Hl7Message.Parse(message), device, Received);

    private static void AssertReading(Reading r, string kind, double value, string unit, DateTimeOffset? time, Quantity reported)
    {
        Assert.Equal(kind, r.Kind);
        Assert.Equal(value, r.Value, 9);
        Assert.Equal(unit, r.Unit);
        Assert.Equal(time, r.MeasuredAt);
        Assert.Equal(reported, r.Reported);
        Assert.Equal(ReadingSource.Mqtt, r.Source);
        Assert.Equal(Received, r.ReceivedAt);
    }

    [Fact]
    public void Pcd01_J2_nibp_inherits_time_from_the_nibp_channel_row()
    {
        var result = Decode(Hl7Vectors.PcdJ2Bp);
        var at = new DateTimeOffset(2009, 8, 13, 9, 57, 15, TimeSpan.FromHours(5)); // OBX[2]-14 of sub-id 1.0.1
        var r = result.Payload.Readings;
        Assert.Equal(3, r.Count);
        AssertReading(r[0], ReadingKinds.BpSystolic, 120, "mm[Hg]", at, new(120, "mm[Hg]"));
        AssertReading(r[1], ReadingKinds.BpDiastolic, 80, "mm[Hg]", at, new(80, "mm[Hg]"));
        AssertReading(r[2], ReadingKinds.BpMean, 100, "mm[Hg]", at, new(100, "mm[Hg]"));
        Assert.All(r, x => Assert.Equal("789567", x.PatientId));
        Assert.All(r, x => Assert.Equal("0123456789ABCDEF", x.DeviceId)); // OBX[1]-18 EUI-64
        Assert.All(r, x => Assert.Equal(ReadingFlags.None, x.Flags));
        Assert.Equal(
            [("OBX[1]", UnmappedReason.NoValue), ("OBX[2]", UnmappedReason.NoValue)],
            result.Payload.Unmapped.Select(u => (u.Location, u.Reason)));
    }

    [Fact]
    public void Pcd01_E11_icu_monitor_keeps_invasive_pressures_raw_and_reads_a_time_without_offset_as_utc()
    {
        var result = Decode(Hl7Vectors.PcdE11IcuMonitor);
        var hr = Assert.Single(result.Payload.Readings);
        // No OBX-14 anywhere: OBR-7 20081211144500, no zone offset.
        AssertReading(hr, ReadingKinds.HeartRate, 60, "/min", new DateTimeOffset(2008, 12, 11, 14, 45, 0, TimeSpan.Zero), new(60, "/min"));
        Assert.Equal(ReadingFlags.DeviceClockUncorrected, hr.Flags);
        Assert.Equal("AB60001", hr.PatientId);
        Assert.Equal("080019FFFF4F6AC0", hr.DeviceId); // MSH-3.2
        Assert.Equal(
            ["148065", "150035", "150033", "150034", "149522", "150047", "150045", "150046"],
            result.Payload.Unmapped.Select(u => u.Code));
        Assert.All(result.Payload.Unmapped, u => Assert.Equal(UnmappedReason.NoKind, u.Reason));
    }

    [Fact]
    public void Pcd01_maximum_message_applies_result_status_flags_and_ranges()
    {
        var result = Decode(Hl7Vectors.PcdMaximum);
        var r = result.Payload.Readings;
        Assert.Equal(2, r.Count);
        // OBX[3]: status C (corrected) is a usable result; OBX-8 "QUES" is not a Table 0078 abnormal flag.
        AssertReading(r[0], ReadingKinds.BpSystolic, 140, "mm[Hg]", new DateTimeOffset(2009, 8, 13, 9, 57, 25, TimeSpan.FromHours(5)), new(140, "mm[Hg]"));
        Assert.Equal(ReadingFlags.None, r[0].Flags);
        // OBX[5]: no OBX-14, inherits OBX[2] (sub-id 1.0.1).
        AssertReading(r[1], ReadingKinds.BpMean, 100, "mm[Hg]", new DateTimeOffset(2009, 8, 13, 9, 57, 15, TimeSpan.FromHours(5)), new(100, "mm[Hg]"));
        Assert.All(r, x => Assert.Equal("111222333444", x.PatientId));
        Assert.Equal(
            [
                ("OBX[1]", "528391", UnmappedReason.UnknownCode),
                ("OBX[2]", "150020", UnmappedReason.NoValue),
                ("OBX[4]", "150022", UnmappedReason.ResultStatus), // D: deleted
                ("OBX[6]", "5283912", UnmappedReason.NoValue),
                ("OBX[7]", "1500202", UnmappedReason.NoValue),
                ("OBX[8]", "1500212", UnmappedReason.UnknownCode),
                ("OBX[9]", "1500212", UnmappedReason.UnknownCode),
                ("OBX[10]", "1500232", UnmappedReason.ResultStatus), // X: cannot be obtained
            ],
            result.Payload.Unmapped.Select(u => (u.Location, u.Code, u.Reason)));
        var sys = result.Observations.Single(o => o.Location == "OBX[3]");
        Assert.Equal(new ReferenceRange(null, 120), sys.Range);
        Assert.Equal(["QUES"], sys.OtherFlags);
        var dia = result.Observations.Single(o => o.Location == "OBX[4]");
        Assert.Equal(new ReferenceRange(75, 90), dia.Range);
        Assert.Equal(["EARLY", "QUES"], dia.OtherFlags);
    }

    [Fact]
    public void Continua_oximeter_spo2_and_pleth_kept_raw()
    {
        var result = Decode(Hl7Vectors.WanOximeter);
        var spo2 = Assert.Single(result.Payload.Readings);
        AssertReading(spo2, ReadingKinds.SpO2, 80.5, "%", new DateTimeOffset(2009, 7, 15, 7, 7, 7, TimeSpan.Zero), new(80.5, "%"));
        Assert.Equal("789567", spo2.PatientId);
        var pleth = result.Payload.Unmapped.Single(u => u.Code == "150452");
        Assert.Equal(UnmappedReason.NoKind, pleth.Reason);
        Assert.Equal("12^123^24^12^234^55^66^77^88^99", pleth.Value);
    }

    [Fact]
    public void Continua_thermometer_fahrenheit_converted_to_celsius()
    {
        var t = Assert.Single(Decode(Hl7Vectors.WanThermometer).Payload.Readings);
        AssertReading(t, ReadingKinds.BodyTemperature, (98.6 - 32) * 5 / 9, "Cel", new DateTimeOffset(2009, 7, 15, 7, 7, 7, TimeSpan.Zero), new(98.6, "[degF]"));
    }

    [Fact]
    public void Continua_bp_inherits_time_from_a_channel_row_with_status_x()
    {
        var result = Decode(Hl7Vectors.WanBp, device: "mon1");
        var at = new DateTimeOffset(2009, 8, 13, 9, 57, 15, TimeSpan.Zero);
        Assert.Equal(
            [(ReadingKinds.BpSystolic, 120.0), (ReadingKinds.BpDiastolic, 80.0), (ReadingKinds.BpMean, 100.0)],
            result.Payload.Readings.Select(r => (r.Kind, r.Value)));
        Assert.All(result.Payload.Readings, r => Assert.Equal(at, r.MeasuredAt));
        Assert.All(result.Payload.Readings, r => Assert.Equal("mon1", r.DeviceId));
        Assert.Equal(
            [UnmappedReason.UnknownCode, UnmappedReason.NoValue, UnmappedReason.NoValue, UnmappedReason.UnknownCode],
            result.Payload.Unmapped.Select(u => u.Reason));
    }

    [Fact]
    public void Continua_invalid_glucose_refused_at_the_obx_without_value_type()
    {
        var ex = Assert.Throws<DeviceFormatException>(() => Decode(Hl7Vectors.WanGlucoseInvalid));
        Assert.Equal("OBX[8]-2", ex.Location);
    }

    [Fact]
    public void Probe_decodes_lf_separated_files_and_mllp_frames()
    {
        var lf = Hl7Vectors.PcdJ2Bp.Replace('\r', '\n');
        Assert.Equal(3, Hl7Probe.Decode(lf, Received).Count);
        var framed = "\v" + Hl7Vectors.PcdJ2Bp + "\u001c\r";
        Assert.Equal([120.0, 80.0, 100.0], Hl7Probe.Decode(framed, Received).Select(r => r.Value));
    }
}
