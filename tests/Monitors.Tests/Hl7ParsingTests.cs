using System.Buffers;
using System.Text;
using TelemetryGateway.Core;
using TelemetryGateway.Monitors.Hl7;

namespace TelemetryGateway.Monitors.Tests;

public sealed class Hl7ParsingTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private const string Msh = "MSH|^~\\&|MON^0011223344556677^EUI-64||||20261122081500+0100||ORU^R01^ORU_R01|M1|P|2.6";
    private const string Obr = "OBR|1|1^MON|1^MON|182777000^monitoring of patient^SNOMED-CT|||20261122081500+0100";

    private static MonitorPayload Decode(params string[] obx) =>
        OruR01Decoder.Decode(Hl7Message.Parse(string.Join('\r', [Msh, "PID|||P42^^^H^PI", Obr, .. obx])), "mon1", Received).Payload;

    private static DeviceFormatException Refused(string message) =>
        Assert.Throws<DeviceFormatException>(() => OruR01Decoder.Decode(Hl7Message.Parse(message), "mon1", Received));

    [Fact]
    public void Delimiters_come_from_msh_1_and_msh_2()
    {
        // Same content with '#' fields, '*' components, '@' repetitions, '!' escape, '%' subcomponents.
        var message = string.Join('\r',
            "MSH#*@!%#MON######ORU*R01#M1#P#2.6",
            "OBR#1######20261122081500+0000",
            "OBX#1#NM#150456*MDC_PULS_OXIM_SAT_O2*MDC#1.1.1.1#94#262688*MDC_DIM_PERCENT*MDC##L@N");
        var r = Assert.Single(OruR01Decoder.Decode(Hl7Message.Parse(message), "m", Received).Payload.Readings);
        Assert.Equal((ReadingKinds.SpO2, 94.0, ReadingFlags.Low), (r.Kind, r.Value, r.Flags));
    }

    [Theory]
    [InlineData("L", ReadingFlags.Low)]
    [InlineData("H", ReadingFlags.High)]
    [InlineData("LL", ReadingFlags.CriticalLow)]
    [InlineData("HH", ReadingFlags.CriticalHigh)]
    [InlineData("A", ReadingFlags.Abnormal)]
    [InlineData("AA", ReadingFlags.CriticalAbnormal)]
    [InlineData("<", ReadingFlags.BelowDetectionLimit)]
    [InlineData(">", ReadingFlags.AboveDetectionLimit)]
    [InlineData("N", ReadingFlags.None)]
    [InlineData("H~HH", ReadingFlags.High | ReadingFlags.CriticalHigh)]
    public void Table_0078_abnormal_flags(string obx8, ReadingFlags expected)
    {
        var r = Assert.Single(Decode($"OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|150|264864^MDC_DIM_BEAT_PER_MIN^MDC|60-100|{obx8}|||F").Readings);
        Assert.Equal(expected, r.Flags);
    }

    [Fact]
    public void Kpa_etco2_converted_and_reported_kept()
    {
        var r = Assert.Single(Decode("OBX|1|NM|151708^MDC_AWAY_CO2_ET^MDC|1.1.1.1|5.3|265987^MDC_DIM_KILO_PASCAL^MDC|||||F").Readings);
        Assert.Equal(ReadingKinds.EtCO2, r.Kind);
        Assert.Equal(5.3 * 7.50062, r.Value, 9);
        Assert.Equal(new Quantity(5.3, "kPa"), r.Reported);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 8, 15, 0, TimeSpan.FromHours(1)), r.MeasuredAt); // OBR-7
        Assert.Equal("P42", r.PatientId);
    }

    [Theory]
    [InlineData("0002-4182^HR^MDIL", "/min", ReadingKinds.HeartRate)]            // Philips partition-code hex form, 2::0x4182
    [InlineData("0002-4bb8^SpO2^MDIL", "%", ReadingKinds.SpO2)]                   // 2::0x4BB8 = 150456
    [InlineData("8867-4^Heart rate^LN", "{beats}/min", ReadingKinds.HeartRate)]
    [InlineData("9279-1^Respiratory rate^LN", "264928^MDC_DIM_RESP_PER_MIN^MDC", ReadingKinds.RespRate)]
    [InlineData("^MDC_RESP_RATE^MDC", "/min", ReadingKinds.RespRate)]             // Reference ID only in the text
    [InlineData("MDC_PULS_OXIM_PULS_RATE^^MDC", "bpm", ReadingKinds.PulseRate)]   // Reference ID as identifier
    public void Vendor_and_loinc_codes(string obx3, string unit, string kind)
    {
        var r = Assert.Single(Decode($"OBX|1|NM|{obx3}|1.1.1.1|20|{unit}|||||F").Readings);
        Assert.Equal(kind, r.Kind);
    }

    [Fact]
    public void Unknown_codes_units_and_duplicates_are_kept_with_reasons()
    {
        var p = Decode(
            "OBX|1|NM|999999^MDC_SOMETHING_NEW^MDC|1.1.1.1|5|262688^MDC_DIM_PERCENT^MDC|||||F",
            "OBX|2|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.2|80|furlong/fortnight|||||F",
            "OBX|3|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.3|80|mm[Hg]^mm[Hg]^UCUM|||||F",
            "OBX|4|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.4|81|/min^/min^UCUM|||||F",
            "OBX|5|NM|149546^MDC_PULS_RATE_NON_INV^MDC|1.1.1.5|82|/min^/min^UCUM|||||F",
            "OBX|6|ST|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.1.1.6|ninety|262688^MDC_DIM_PERCENT^MDC|||||F",
            "OBX|7|NA|131330^MDC_ECG_ELEC_POTL_II^MDC|1.1.1.7|1^2^3|266419^MDC_DIM_MICRO_VOLT^MDC|||||F");
        Assert.Equal(81, Assert.Single(p.Readings).Value);
        Assert.Equal(
            [
                ("999999", UnmappedReason.UnknownCode), ("147842", UnmappedReason.UnknownUnit),
                ("147842", UnmappedReason.IncompatibleUnit), ("149546", UnmappedReason.Duplicate),
                ("150456", UnmappedReason.NotNumeric), ("131330", UnmappedReason.IncompleteWaveform),
            ],
            p.Unmapped.Select(u => (u.Code, u.Reason)));
    }

    [Fact]
    public void Escape_sequences_are_decoded_in_patient_ids()
    {
        var message = string.Join('\r', Msh, "PID|||A\\S\\B\\F\\C\\E\\D\\X41\\^^^H^PI", Obr,
            "OBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.1.1.1|97|%^%^UCUM|||||F");
        var r = Assert.Single(OruR01Decoder.Decode(Hl7Message.Parse(message), "m", Received).Payload.Readings);
        Assert.Equal("A^B|C\\DA", r.PatientId);
    }

    [Theory]
    [InlineData("20261122", 2026, 11, 22, 0, 0, 0, 0, 0, false)]
    [InlineData("202611220815", 2026, 11, 22, 8, 15, 0, 0, 0, false)]
    [InlineData("20261122081530.25-0500", 2026, 11, 22, 8, 15, 30, 250, -5, true)]
    [InlineData("20261122081530.1234+0000", 2026, 11, 22, 8, 15, 30, 123, 0, true)]
    public void Dtm_forms(string text, int y, int mo, int d, int h, int mi, int s, int ms, int offset, bool hadOffset)
    {
        Assert.True(Hl7Time.TryParse(text, out var time, out var zone));
        Assert.Equal(new DateTimeOffset(y, mo, d, h, mi, s, ms, TimeSpan.FromHours(offset)), new DateTimeOffset(time.Ticks / 10_000 * 10_000, time.Offset));
        Assert.Equal(hadOffset, zone);
    }

    [Theory]
    [InlineData("2026112")]
    [InlineData("20261322")]
    [InlineData("20260230")]
    [InlineData("20261122250000")]
    [InlineData("20261122081530+05")]
    [InlineData("2026112208153.5")]
    [InlineData("abcdefgh")]
    public void Dtm_malformed(string text) => Assert.False(Hl7Time.TryParse(text, out _, out _));

    [Theory]
    [InlineData("PID|||1", "MSH", "does not start")]
    [InlineData("MSH|^~|X||||2026||ORU^R01|1|P|2.6", "MSH-2", "4 encoding")]
    [InlineData("MSH|^^\\&|X||||2026||ORU^R01|1|P|2.6", "MSH-2", "distinct")]
    [InlineData("MSH|^~\\&|X||||2026||ADT^A01|1|P|2.6", "MSH-9", "ORU^R01")]
    [InlineData("MSH|^~\\&|X||||2026||ORU^R01|1|P|3.0", "MSH-12", "v2.x")]
    [InlineData("MSH|^~\\&|X||||2026||ORU^R01|1|P|2.6\rOBX|1|NM|147842|1|60|/min", "OBX[1]", "before any OBR")]
    [InlineData("MSH|^~\\&|X||||2026||ORU^R01|1|P|2.6\rOBR|1||||||2026-11-22", "OBR[1]-7", "date/time")]
    [InlineData("MSH|^~\\&|X||||2026||ORU^R01|1|P|2.6\rOBR|1\rOBX|1|NM|147842^^MDC|1|6O|/min", "OBX[1]-5", "not a number")]
    [InlineData("MSH|^~\\&|X||||2026||ORU^R01|1|P|2.6\rOBR|1\rOBX|1|NM|147842^^MDC|1|60|/min|||||F|||yesterday", "OBX[1]-14", "date/time")]
    [InlineData("MSH|^~\\&|X||||2026||ORU^R01|1|P|2.6\rob|1", "segment 2", "segment id")]
    [InlineData("MSH|^~\\&|X||||2026||ORU^R01|1|P|2.6\rMSH|^~\\&|Y", "segment 2", "second MSH")]
    [InlineData("\vMSH|^~\\&|X||||2026||ORU^R01|1|P|2.6", "MLLP frame", "end block")]
    [InlineData("", "message", "empty")]
    public void Malformed_messages_name_the_segment_and_field(string message, string location, string problem)
    {
        var ex = Refused(message);
        Assert.Equal(location, ex.Location);
        Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Mllp_reader_takes_frames_across_segments_and_skips_noise()
    {
        var one = Mllp.Frame(Encoding.ASCII.GetBytes("MSH|A\r"));
        var two = Mllp.Frame(Encoding.ASCII.GetBytes("MSH|B\r"));
        byte[] stream = [0x00, 0x0A, .. one, .. two];
        var messages = new List<string>();
        // Feed one byte at a time: every split point must work.
        var pending = Array.Empty<byte>();
        foreach (var b in stream)
        {
            pending = [.. pending, b];
            var buffer = new ReadOnlySequence<byte>(pending);
            while (Mllp.TryReadFrame(ref buffer, out var message))
            {
                messages.Add(Encoding.ASCII.GetString(message.ToArray()));
            }
            pending = buffer.ToArray();
        }
        Assert.Equal(["MSH|A\r", "MSH|B\r"], messages);
        Assert.Empty(pending);
    }

    [Fact]
    public void Mllp_end_block_without_carriage_return_is_refused()
    {
        var buffer = new ReadOnlySequence<byte>([0x0B, 0x41, 0x1C, 0x0A]);
        var ex = Assert.Throws<DeviceFormatException>(() => Mllp.TryReadFrame(ref buffer, out _));
        Assert.Equal("MLLP frame", ex.Location);
    }

    [Fact]
    public void Writer_output_decodes_to_the_same_vitals()
    {
        var at = new DateTimeOffset(2026, 11, 22, 8, 15, 30, 250, TimeSpan.Zero);
        var text = OruR01Writer.Write("mon|1", "42", "P^7", at,
        [
            new(ReadingKinds.HeartRate, 128, "/min", ReadingFlags.High),
            new(ReadingKinds.SpO2, 87, "%", ReadingFlags.Low),
            new(ReadingKinds.BpSystolic, 88, "mm[Hg]"),
            new(ReadingKinds.EtCO2, 4.1, "kPa"),
            new(ReadingKinds.BodyTemperature, 38.4, "Cel"),
            new(ReadingKinds.RespRate, 28, "/min", ReadingFlags.CriticalHigh),
        ]);
        var result = OruR01Decoder.Decode(Hl7Message.Parse(text), null, Received);
        Assert.Empty(result.Payload.Unmapped);
        Assert.Equal("mon|1", result.DeviceId);
        Assert.Equal("P^7", result.PatientId);
        Assert.Equal(
            [
                (ReadingKinds.HeartRate, 128.0, ReadingFlags.High), (ReadingKinds.SpO2, 87.0, ReadingFlags.Low),
                (ReadingKinds.BpSystolic, 88.0, ReadingFlags.None), (ReadingKinds.EtCO2, Math.Round(4.1 * 7.50062, 9), ReadingFlags.None),
                (ReadingKinds.BodyTemperature, 38.4, ReadingFlags.None), (ReadingKinds.RespRate, 28.0, ReadingFlags.CriticalHigh),
            ],
            result.Payload.Readings.Select(r => (r.Kind, Math.Round(r.Value, 9), r.Flags)));
        Assert.All(result.Payload.Readings, r => Assert.Equal(at, r.MeasuredAt));
    }
}
