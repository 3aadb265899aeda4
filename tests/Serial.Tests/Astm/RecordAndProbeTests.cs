using TelemetryGateway.Core;
using TelemetryGateway.Serial.Astm;
using TelemetryGateway.Serial.Astm.Link;
using TelemetryGateway.Serial.Astm.Records;
using TelemetryGateway.Serial.Tests.Infrastructure;

namespace TelemetryGateway.Serial.Tests.Astm;

/// <summary>E1394 records: delimiters from the header, escapes, and the probe's handling of whole captures.</summary>
public sealed class RecordAndProbeTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 22, 8, 0, 0, TimeSpan.FromHours(8));

    private static string Framed(params string[] records)
    {
        var text = $"{Bytes.Enq}";
        for (var i = 0; i < records.Length; i++)
        {
            text += Bytes.Latin1(new AstmFrame((i + 1) % 8, Bytes.Of(records[i] + "\r"), i == records.Length - 1).Encode());
        }

        return text + Bytes.Eot;
    }

    [Fact]
    public void Escapes_F_S_R_E_and_hex_are_undone_with_the_headers_delimiters()
    {
        var d = AstmDelimiters.Default;
        Assert.Equal("a|b^c\\d&e\r", AstmRecordParser.Unescape("a&F&b&S&c&R&d&E&e&X0D&", d, "C record 1 field 4"));
        Assert.Equal("note", AstmRecordParser.Unescape("&H&note&N&", d, "C record 1 field 4"));
        var error = Assert.Throws<DeviceFormatException>(() => AstmRecordParser.Unescape("50&F", d, "C record 3 field 4"));
        Assert.Equal("astm: C record 3 field 4: escape sequence at character 3 is not closed by '&'", error.Message);
    }

    [Fact]
    public void Delimiters_are_those_the_header_declares()
    {
        // A sender may choose other delimiters: field '!', repeat '~', component '$', escape '%'.
        var readings = AstmProbe.Decode(Bytes.Of(Framed(
            "H!~$%!!!Bayer7390$1.0$7390-OTHER",
            "R!1!$$$Glucose!6.1!mmol/L$P!!F!!202611210715",
            "L!1")), Received);

        var reading = Assert.Single(readings);
        Assert.Equal("7390-OTHER", reading.DeviceId);
        Assert.Equal(6.1, reading.Value);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 7, 15, 0, TimeSpan.FromHours(8)), reading.MeasuredAt);
        Assert.Equal(ReadingFlags.Fasting | ReadingFlags.DeviceClockUncorrected, reading.Flags);
    }

    [Fact]
    public void Every_E1394_record_type_parses_and_only_the_glucose_result_becomes_a_reading()
    {
        // H, P, O, R, C, Q, L (E1394 §7–§12) in one message; the comment's escapes use the header's escape '%'.
        string[] records =
        [
            "H!~$%!!!Bayer7390$1.0$7390-TYPES",
            "P!1!!PID-7",
            "O!1!S-1!!$$$Glucose",
            "R!1!$$$Glucose!5.4!mmol/L$P!!B!!202611210715",
            "C!1!I!strip %F% lot %S%42%R%A %E% %X41%!G",
            "Q!1!$ALL",
            "L!1!N",
        ];
        var decoder = new TelemetryGateway.Serial.Meters.Contour.ContourMessageDecoder();

        var results = records.Select(r => decoder.Accept(r)).ToList();

        // The result is held until the message shows the order of its minute: let go with the terminator.
        Assert.Equal([0, 0, 0, 0, 0, 0, 1], results.Select(r => r.Count));
        Assert.True(decoder.Complete);
        var comment = AstmRecordParser.Parse(records[4], AstmDelimiters.FromHeader(records[0]), 5);
        Assert.Equal('C', comment.Type);
        Assert.Equal("strip ! lot $42~A % A", comment.Field(4));
        Assert.Equal("G", comment.Field(5));
        var query = AstmRecordParser.Parse(records[5], AstmDelimiters.FromHeader(records[0]), 6);
        Assert.Equal("ALL", query.Component(3, 2));
        var reading = Assert.Single(AstmProbe.Decode(Bytes.Of(Framed(records)), Received));
        Assert.Equal((20261121071501L, 5.4, "7390-TYPES"), (reading.DeviceRecordNumber!.Value, reading.Value, reading.DeviceId));
    }

    [Fact]
    public void The_probe_numbers_a_newest_first_dump_in_storage_order_and_keeps_a_dump_cut_before_its_terminator()
    {
        var readings = AstmProbe.Decode(Bytes.Of(Framed(
            "H|\\^&||x|Bayer7390^01.24^7390-2336773^7403-",
            "R|1|^^^Glucose|130|mg/dL^P||||202611201000",
            "R|2|^^^Glucose|120|mg/dL^P||||202611201000",
            "R|3|^^^Glucose|110|mg/dL^P||||20261120090015")), Received);

        // Newest first: 120 was stored before 130 in the same minute; the 14-digit time is identified to the second.
        Assert.Equal([20261120100002L, 20261120100001L, 2026112009001501L], readings.Select(r => r.DeviceRecordNumber!.Value));
    }

    [Fact]
    public void Control_solution_is_flagged_and_out_of_range_markers_become_flags()
    {
        var readings = AstmProbe.Decode(Bytes.Of(Framed(
            "H|\\^&||x|Bayer7390^01.24^7390-2336773^7403-",
            "P|1",
            "R|1|^^^Glucose|112|mg/dL^P||C||202611200900",
            "R|2|^^^Glucose|600|mg/dL^P||>||202611201000",
            "R|3|^^^Glucose|10|mg/dL^P||</A||202611201100",
            "R|4|^^^Insulin|4|U||||202611201100",
            "L|1||N")), Received);

        Assert.Equal([20261120090001L, 20261120100001L, 20261120110001L], readings.Select(r => r.DeviceRecordNumber!.Value));
        Assert.All(readings, r => Assert.Equal("7390-2336773", r.DeviceId));
        Assert.Equal(ReadingFlags.ControlSolution | ReadingFlags.DeviceClockUncorrected, readings[0].Flags);
        Assert.Equal(ReadingFlags.ResultAboveDeviceRange | ReadingFlags.DeviceClockUncorrected, readings[1].Flags);
        Assert.Equal(ReadingFlags.ResultBelowDeviceRange | ReadingFlags.AfterMeal | ReadingFlags.DeviceClockUncorrected, readings[2].Flags);
        Assert.Equal(600 / 18.016, readings[1].Value, 12);
    }

    [Fact]
    public void Bare_records_decode_without_framing()
    {
        var input = "H|\\^&||x|Bayer7390^01.24^7390-2336773\nR|8|^^^Glucose|133|mg/dL^P||B/X||201202052034\nL|1\n";

        var reading = Assert.Single(AstmProbe.Decode(Bytes.Of(input), Received));

        Assert.Equal((20120205203401L, 133.0, "7390-2336773"), (reading.DeviceRecordNumber!.Value, reading.Reported!.Value.Value, reading.DeviceId));
    }

    [Fact]
    public void A_capture_with_a_frame_NAKed_and_sent_again_decodes_once()
    {
        // tidepool's Contour Next frame (frame 5, checksum 74), first sent with checksum 75, NAKed, then sent intact.
        const string good = "\u0002" + "5R|3|^^^Glucose|93|mg/dL^P||A/M0/T1||201505261150\r\u0017" + "74\r\n";
        var capture = Bytes.Of(good.Replace("\u0017" + "74", "\u0017" + "75", StringComparison.Ordinal) + good);

        var reading = Assert.Single(AstmProbe.Decode(capture, Received));

        Assert.Equal((20150526115001L, 93.0), (reading.DeviceRecordNumber!.Value, reading.Reported!.Value.Value));
    }

    [Fact]
    public void A_defective_frame_not_sent_again_is_still_an_error()
    {
        // Frame 2 is corrupted ("P|1" read as "Q|1": checksum wrong) and frame 3 follows instead of its retransmission.
        var frames = Framed("H|\\^&||x|Bayer7390^1^7390-1", "P|1", "L|1");
        var second = frames.IndexOf('\u0002', frames.IndexOf('\u0002') + 1);
        var corrupted = frames[..(second + 2)] + "Q" + frames[(second + 3)..];

        var error = Assert.Throws<DeviceFormatException>(() => AstmProbe.Decode(Bytes.Of(corrupted), Received));

        Assert.StartsWith("astm: frame 2 (byte ", error.Message, StringComparison.Ordinal);
        Assert.Contains("stated", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\u0002" + "1R|1|^^^Glucose|5|mmol/L\r\u0003" + "00\r\n", "astm: frame 1 (byte 0): frame 1: checksum 00 stated, ")]
    [InlineData("\u0002" + "1R|1|^^^Glu", "astm: frame 1 (byte 0): the capture ends inside the frame")]
    [InlineData("R|x|^^^Glucose|5|mmol/L", "astm: R record 1 field 2: sequence number 'x' is not a whole number ≥ 1")]
    [InlineData("R|1|^^^Glucose|five|mmol/L", "astm: R record 1 field 4: value 'five' is not a number")]
    [InlineData("R|1|^^^Glucose|5|furlong", "astm: R record 1 field 5: Unknown unit 'furlong' for glucose.")]
    [InlineData("R|1|^^^Glucose|5|mmol/L||||2026", "astm: R record 1 field 9: date/time '2026' is not YYYYMMDDhhmm[ss]")]
    [InlineData("Z|1", "astm: record 1: unknown record type 'Z'")]
    [InlineData("H|AB&|x", "astm: H record field 2: delimiter definition '|AB&' is not four distinct non-alphanumeric characters")]
    public void Malformed_input_names_the_frame_or_field(string input, string message)
    {
        var error = Assert.Throws<DeviceFormatException>(() => AstmProbe.Decode(Bytes.Of(input), Received));

        Assert.StartsWith(message, error.Message);
    }
}
