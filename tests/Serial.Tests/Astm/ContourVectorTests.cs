using TelemetryGateway.Core;
using TelemetryGateway.Serial.Astm;
using TelemetryGateway.Serial.Astm.Link;
using TelemetryGateway.Serial.Astm.Records;
using TelemetryGateway.Serial.Meters.Contour;
using TelemetryGateway.Serial.Tests.Infrastructure;

namespace TelemetryGateway.Serial.Tests.Astm;

/// <summary>
/// Bayer/Ascensia Contour frames and records published in open-source meter drivers, with the values they assert.
/// Sources: glucometers-tech/glucometerutils @9b87a5b8 glucometerutils/drivers/tests/test_contourusb.py;
/// bewest/glucodump @23805e2d glucodump/test/test_contourusb.py; tidepool-org/uploader @3651507b
/// lib/drivers/bayer/bayerContourNext.js (comment above parseDataRecord).
/// </summary>
public sealed class ContourVectorTests
{
    // glucometerutils test_RECORD_FORMAT_match / test_parse_header_record: Contour USB (Bayer7390) header frame,
    // read as EOT, frame 1, ETB, checksum D7, ENQ.
    private const string Header7390Record =
        "H|\\^&||7w3LBL|Bayer7390^01.24\\01.04\\09.02.20^7390-2336773^7403-|A=1^C=63^G=1^I=0200^R=0^S=1^U=0^V=10600^X=070070070070180130150250^Y=360126090050099050300089^Z=1|1714||||||1|201909221304";

    private static readonly byte[] Header7390Capture = Bytes.Of($"{Bytes.Eot}{Bytes.Stx}1{Header7390Record}\r{Bytes.Etb}D7\r\n{Bytes.Enq}");

    [Fact]
    public void Contour_USB_header_frame_checksum_is_D7_and_the_text_is_the_record()
    {
        var status = AstmFrameReader.TryRead(Header7390Capture.AsSpan(1), out var frame, out var consumed, out var problem);

        Assert.Equal(FrameReadStatus.Frame, status);
        Assert.Null(problem);
        Assert.Equal(Header7390Capture.Length - 2, consumed);
        Assert.Equal(1, frame!.Number);
        Assert.False(frame.IsEnd); // ETB
        Assert.Equal(Header7390Record + "\r", Bytes.Latin1(frame.Text));
        Assert.Equal(0xD7, AstmChecksum.Compute(Header7390Capture.AsSpan(2, Header7390Record.Length + 3)));
    }

    [Fact]
    public void Contour_USB_header_names_the_meter_and_declares_the_delimiters()
    {
        var record = AstmRecordParser.Parse(Header7390Record, AstmDelimiters.Default, 1);
        var meter = ContourRecords.ParseHeader(record);

        // E1394 §7.1.2: field '|', repeat '\', component '^', escape '&' (not glucometerutils' names).
        Assert.Equal(new AstmDelimiters('|', '\\', '^', '&'), record.Delimiters);
        Assert.Equal("Bayer7390", meter.Model);
        Assert.Equal("7390-2336773", meter.SerialNumber);
        Assert.Equal("01.24/01.04/09.02.20", meter.Versions); // dig_ver, anlg_ver, agp_ver
        Assert.Equal(1714, meter.StoredResults); // "total"
        Assert.Equal(new DateTime(2019, 9, 22, 13, 4, 0), meter.MeterClock);
        Assert.Equal("A=1^C=63^G=1^I=0200^R=0^S=1^U=0^V=10600^X=070070070070180130150250^Y=360126090050099050300089^Z=1", record.RawField(6));
        Assert.Equal("1", record.Field(13)); // spec_ver
    }

    [Fact]
    public void Contour_7150_header_frame_checksum_AE_and_session_replies()
    {
        // glucodump TestBayerCOMM.test_sync: the meter sends EOT ENQ, the header frame, EOT; the host answers ACK, ACK.
        const string record = "H|\\^&||-7880|Bayer7150^1.05\\0.00^7150-SAM2193|||||||P|1|200305121635";
        var receiver = new AstmReceiver();
        var events = new List<AstmLinkEvent>();

        receiver.Feed(Bytes.Of($"{Bytes.Eot}{Bytes.Enq}{Bytes.Stx}1{record}\r{Bytes.Etb}AE\r\n{Bytes.Eot}"), events);

        Assert.Equal(["ACK", "ACK"], events.Where(e => e.Kind == AstmLinkEventKind.Reply).Select(e => e.ToString()));
        Assert.Equal([record], events.Where(e => e.Kind == AstmLinkEventKind.Record).Select(e => e.Text));
        Assert.Equal(AstmLinkEventKind.TransferEnded, events[^1].Kind);
        var meter = ContourRecords.ParseHeader(AstmRecordParser.Parse(record, AstmDelimiters.Default, 1));
        Assert.Equal(("Bayer7150", "7150-SAM2193", "1.05/0.00"), (meter.Model, meter.SerialNumber, meter.Versions));
        Assert.Equal(new DateTime(2003, 5, 12, 16, 35, 0), meter.MeterClock);
    }

    [Fact]
    public void Contour_7390_header_checksum_65_yielded_once_when_the_frame_is_read_twice()
    {
        // glucodump test_sync part 2: the same frame arrives again (the meter repeats it): taken once.
        const string record = "H|\\^&||uvmjq4|Bayer7390^01.20\\01.04\\04.02.19^7390-1163170^7396-|A=1^C=63^G=1^I=0200^R=0^S=1^U=1^V=10600^X=070070070099180135180248^Y=360126090050099050300089^Z=1|209||||||1|201102142249";
        var frame = $"{Bytes.Stx}1{record}\r{Bytes.Etb}65\r\n";
        var receiver = new AstmReceiver();
        var events = new List<AstmLinkEvent>();

        receiver.Feed(Bytes.Of($"{Bytes.Enq}{frame}{frame}{Bytes.Eot}"), events);

        Assert.Single(events, e => e.Kind == AstmLinkEventKind.Record);
        Assert.Single(events, e => e.Kind == AstmLinkEventKind.FrameRepeated);
        Assert.Equal(3, events.Count(e => e is { Kind: AstmLinkEventKind.Reply, Reply: AstmControl.Ack }));
        Assert.Equal("7390-1163170", ContourRecords.ParseHeader(AstmRecordParser.Parse(record, AstmDelimiters.Default, 1)).SerialNumber);
    }

    [Fact]
    public void Frame_numbers_wrap_from_7_to_0_and_every_checksum_is_9C()
    {
        // glucodump test_multiread: one-character records chosen so each frame's checksum is 0x9C, FN 1..7,0,1,2.
        string[] frames = ["1G", "2F", "3E", "4D", "5C", "6B", "7A", "0H", "1G", "2F"];
        var stream = $"{Bytes.Eot}{Bytes.Enq}" + string.Concat(frames.Select(f => $"{Bytes.Stx}{f}\r{Bytes.Etb}9C\r\n")) + Bytes.Eot;
        var events = new List<AstmLinkEvent>();

        new AstmReceiver().Feed(Bytes.Of(stream), events);

        Assert.Equal(frames.Select(f => f[1..]), events.Where(e => e.Kind == AstmLinkEventKind.Record).Select(e => e.Text));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 0, 1, 2], events.Where(e => e.Kind == AstmLinkEventKind.FrameAccepted).Select(e => e.FrameNumber));
        Assert.DoesNotContain(events, e => e.Kind == AstmLinkEventKind.FrameRejected);
    }

    [Fact]
    public void Contour_USB_result_record_133_mg_dL_before_meal()
    {
        // glucometerutils test_parse_result_record: seq 8, Glucose, 133, mg/dL, ref method P, markers B/X, 201202052034.
        var result = ContourRecords.ParseResult(AstmRecordParser.Parse("R|8|^^^Glucose|133|mg/dL^P||B/X||201202052034", AstmDelimiters.Default, 2))!;

        Assert.Equal(8, result.RecordNumber);
        Assert.Equal(20120205203401, result.Identity);
        Assert.Equal(133, result.Value);
        Assert.Equal("mg/dL", result.Unit);
        Assert.Equal("P", result.ReferenceMethod);
        Assert.Equal("B/X", result.Markers);
        Assert.Equal(MealMarker.BeforeMeal, result.Meal);
        Assert.Equal(ReadingFlags.None, result.Flags);
        Assert.Equal(new DateTime(2012, 2, 5, 20, 34, 0), result.MeasuredLocal);
    }

    [Fact]
    public void Contour_USB_before_meal_marker_reaches_the_reading_as_a_flag()
    {
        // glucometerutils test_parse_result_record (markers B/X) as the gateway turns it into a reading.
        var result = ContourRecords.ParseResult(AstmRecordParser.Parse("R|8|^^^Glucose|133|mg/dL^P||B/X||201202052034", AstmDelimiters.Default, 2))!;
        var meter = new MeterIdentity("Bayer7390", "7390-2336773", "01.24", null, null);

        var reading = ContourReadings.ToReading(result, meter, TimeZoneInfo.Utc, new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

        Assert.Equal(ReadingFlags.BeforeMeal | ReadingFlags.DeviceClockUncorrected, reading.Flags);
        Assert.Equal(["device-clock-uncorrected", "before-meal"], ReadingFlagNames.ToNames(reading.Flags));
    }

    [Theory]
    [InlineData("B", ReadingFlags.BeforeMeal)]
    [InlineData("A", ReadingFlags.AfterMeal)]
    [InlineData("F", ReadingFlags.Fasting)]
    [InlineData("X/M0/T1", ReadingFlags.None)]
    [InlineData("", ReadingFlags.None)]
    public void Each_meal_marker_becomes_its_flag(string markers, ReadingFlags meal)
    {
        var result = ContourRecords.ParseResult(AstmRecordParser.Parse($"R|1|^^^Glucose|6.1|mmol/L^P||{markers}||", AstmDelimiters.Default, 1))!;
        var meter = new MeterIdentity("Bayer7390", "7390-1", "", null, null);

        var reading = ContourReadings.ToReading(result, meter, TimeZoneInfo.Utc, DateTimeOffset.UnixEpoch);

        Assert.Equal(meal, reading.Flags);
    }

    [Fact]
    public void Contour_Next_result_frame_5_checksum_74_decodes_to_93_mg_dL_in_mmol_L()
    {
        // tidepool uploader bayerContourNext.js: <STX>5R|3|^^^Glucose|93|mg/dL^P||A/M0/T1||201505261150<CR><ETB>74<CR><LF>.
        var capture = Bytes.Of($"{Bytes.Stx}5R|3|^^^Glucose|93|mg/dL^P||A/M0/T1||201505261150\r{Bytes.Etb}74\r\n");
        var received = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

        var reading = Assert.Single(AstmProbe.Decode(capture, received));

        Assert.Equal(ReadingKinds.Glucose, reading.Kind);
        Assert.Equal(93 / 18.016, reading.Value, 12);
        Assert.Equal("mmol/L", reading.Unit);
        Assert.Equal(new Quantity(93, "mg/dL"), reading.Reported);
        // The device record number is the result's identity (stored time 2015-05-26 11:50, first of its minute), not its position 3.
        Assert.Equal(20150526115001, reading.DeviceRecordNumber);
        Assert.Equal(new DateTimeOffset(2015, 5, 26, 11, 50, 0, TimeSpan.Zero), reading.MeasuredAt);
        // Marker "A": after a meal; M0/T1 carry no flag.
        Assert.Equal(ReadingFlags.AfterMeal | ReadingFlags.DeviceClockUncorrected, reading.Flags);
        Assert.Equal(ReadingSource.Serial, reading.Source);
        Assert.Equal(ReadingPriority.Bulk, reading.Priority);
        Assert.Equal(AstmProbe.UnknownDevice, reading.DeviceId);
    }

    [Fact]
    public void Contour_USB_datetime_201908071315()
    {
        // glucometerutils test_get_datetime.
        var record = AstmRecordParser.Parse("R|1", AstmDelimiters.Default, 1);
        Assert.Equal(new DateTime(2019, 8, 7, 13, 15, 0), ContourRecords.ParseTime("201908071315", record, 9));
    }
}
