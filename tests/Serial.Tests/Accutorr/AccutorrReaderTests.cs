using TelemetryGateway.Core;
using TelemetryGateway.Serial.Accutorr;
using TelemetryGateway.Serial.Tests.Infrastructure;

namespace TelemetryGateway.Serial.Tests.Accutorr;

/// <summary>
/// The Accutorr PC interface reader against the Datascope Accutorr service manual, "PC Interface For The ACCUTORR",
/// pp. 1-52 and 1-53 (revised 08/24/90): the example line printed there, the banner, the prompt, the L layout.
/// </summary>
public sealed class AccutorrReaderTests
{
    [Fact]
    public void Patient_data_example_from_the_service_manual_decodes_to_its_exact_fields()
    {
        // p. 1-53: "An example would look exactly like this": P:--,85,120, 45, 80,000,010,000, 5
        var data = Assert.IsType<AccutorrPatientData>(AccutorrReader.ParseLine(Bytes.Of("P:--,85,120, 45, 80,000,010,000, 5")));
        Assert.Null(data.SaO2);             // aaa: "--", not in use
        Assert.Equal(85, data.PulseRate);   // bbb
        Assert.Equal(120, data.Systolic);   // ccc
        Assert.Equal(45, data.Mean);        // ddd: " 45", padded to three characters
        Assert.Equal(80, data.Diastolic);   // eee
        Assert.Equal(0, data.Status0);      // fff: status byte 0
        Assert.Equal(10, data.Status1);     // ggg: status byte 1, "010"
        Assert.Equal(0, data.Status2);      // hhh: status byte 2
        Assert.Equal(5, data.ElapsedMinutes); // iii: minutes since the last NIBP measurement, "  5"
        Assert.True(data.HasNibp);
    }

    [Fact]
    public void Manual_example_becomes_pressure_and_pulse_readings_with_the_gateway_time_and_number()
    {
        var data = (AccutorrPatientData)AccutorrReader.ParseLine(Bytes.Of("P:--,85,120, 45, 80,000,010,000, 5"));
        var received = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        var readings = AccutorrReadings.ToReadings(data, "accutorr-1", 7, received.AddMinutes(-5), received, "patient-3");
        Assert.Equal([ReadingKinds.BpSystolic, ReadingKinds.BpDiastolic, ReadingKinds.BpMean, ReadingKinds.HeartRate], readings.Select(r => r.Kind));
        Assert.Equal([120.0, 80, 45, 85], readings.Select(r => r.Value));
        Assert.Equal(["mm[Hg]", "mm[Hg]", "mm[Hg]", "/min"], readings.Select(r => r.Unit));
        Assert.All(readings, r =>
        {
            Assert.Equal("accutorr-1", r.DeviceId);
            Assert.Equal("patient-3", r.PatientId);
            Assert.Equal(ReadingSource.Serial, r.Source);
            Assert.Equal(7, r.DeviceRecordNumber);
            Assert.Equal(new DateTimeOffset(2026, 12, 7, 8, 55, 0, TimeSpan.Zero), r.MeasuredAt);
        });
    }

    [Fact]
    public void Nothing_measured_yet_is_all_not_in_use_and_gives_no_readings()
    {
        var data = (AccutorrPatientData)AccutorrReader.ParseLine(Bytes.Of("P:--,--,--,--,--,000,000,000,--"));
        Assert.False(data.HasNibp);
        Assert.Empty(AccutorrReadings.ToReadings(data, "d", 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Alarm_limits_line_decodes_its_ten_fields_in_the_manual_order()
    {
        // p. 1-53 layout L:aaa,bbb,ccc,ddd,eee,fff,ggg,hhh,iii,jj: SaO2 high/low, pulse high/low, systolic high/low,
        // mean high/low, diastolic high/low. The values are ours (the manual prints only the layout).
        var limits = Assert.IsType<AccutorrAlarmLimits>(AccutorrReader.ParseLine(Bytes.Of("L:100, 85,150, 40,180, 90,120, 60,110,50")));
        Assert.Equal(new AccutorrAlarmLimits(100, 85, 150, 40, 180, 90, 120, 60, 110, 50), limits);
    }

    [Fact]
    public void Banner_prompt_and_replies_come_out_of_a_stream_fed_one_byte_at_a_time()
    {
        // p. 1-52: at power up "ACCUTORR PC Interface is ready" then the ">" prompt; each reply ends with CR LF.
        var stream = Bytes.Of("ACCUTORR PC Interface is ready\r\n>P:--,85,120, 45, 80,000,010,000, 5\r\n>");
        var pending = new List<byte>();
        var messages = new List<AccutorrMessage>();
        foreach (var b in stream)
        {
            pending.Add(b);
            ReadOnlySpan<byte> span = pending.ToArray();
            var before = span.Length;
            while (AccutorrReader.TryRead(ref span, out var message))
            {
                messages.Add(message!);
            }

            pending.RemoveRange(0, before - span.Length);
        }

        Assert.Collection(messages,
            m => Assert.IsType<AccutorrReady>(m),
            m => Assert.IsType<AccutorrPrompt>(m),
            m => Assert.Equal(120, Assert.IsType<AccutorrPatientData>(m).Systolic),
            m => Assert.IsType<AccutorrPrompt>(m));
        Assert.Empty(pending);
    }

    [Theory]
    [InlineData("P:--,85,120, 45, 80,000,010,000", "P reply: 8 fields, expected 9")]
    [InlineData("P:--,85,1200, 45, 80,000,010,000, 5", "P reply field 3: '1200'")]
    [InlineData("P:--,8a,120, 45, 80,000,010,000, 5", "P reply field 2: '8a'")]
    [InlineData("P:--,,120, 45, 80,000,010,000, 5", "P reply field 2: ''")]
    [InlineData("P:--,-5,120, 45, 80,000,010,000, 5", "P reply field 2: '-5'")]
    [InlineData("X:1,2,3", "reply to unknown command 'X'")]
    [InlineData("hello", "'hello' is not a reply")]
    [InlineData("L:1,2,3,4,5,6,7,8,9", "L reply: 9 fields, expected 10")]
    public void Malformed_lines_name_the_field_and_problem(string line, string expected)
    {
        var error = Assert.Throws<DeviceFormatException>(() => AccutorrReader.ParseLine(Bytes.Of(line)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("accutorr", error.Format);
    }

    [Fact]
    public void Non_ascii_byte_and_overlong_line_are_format_errors_not_waits()
    {
        byte[] binary = [(byte)'P', (byte)':', 0xB5, (byte)'\r', (byte)'\n'];
        Assert.Contains("0xB5", Assert.Throws<DeviceFormatException>(() => Read(binary)).Message, StringComparison.Ordinal);

        var endless = Enumerable.Repeat((byte)'1', AccutorrReader.MaxLineLength + 1).ToArray();
        Assert.Contains("no CR LF", Assert.Throws<DeviceFormatException>(() => Read(endless)).Message, StringComparison.Ordinal);

        // A partial line below the limit is "need more", not an error.
        ReadOnlySpan<byte> partial = Bytes.Of("P:--,85,12");
        Assert.False(AccutorrReader.TryRead(ref partial, out _));
        Assert.Equal(10, partial.Length);
    }

    [Fact]
    public void Fuzzed_lines_only_ever_raise_format_errors()
    {
        var random = new Random(1394);
        var seed = Bytes.Of("P:--,85,120, 45, 80,000,010,000, 5\r\n>L:100, 85,150, 40,180, 90,120, 60,110, 50\r\n");
        var cases = Soak.Scale(100_000, 2_000_000);
        for (var i = 0; i < cases; i++)
        {
            var input = (byte[])seed.Clone();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                input[random.Next(input.Length)] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)",: -0123456789\r\n>"[random.Next(17)];
            }

            try
            {
                ReadOnlySpan<byte> span = input.AsSpan(0, random.Next(input.Length + 1));
                while (AccutorrReader.TryRead(ref span, out var message))
                {
                    if (message is AccutorrPatientData p)
                    {
                        Assert.All(new[] { p.SaO2, p.PulseRate, p.Systolic, p.Mean, p.Diastolic, p.ElapsedMinutes }, v => Assert.True(v is null or >= 0 and <= 999));
                    }
                }
            }
            catch (DeviceFormatException)
            {
                // The only failure allowed.
            }
        }
    }

    private static AccutorrMessage? Read(byte[] bytes)
    {
        ReadOnlySpan<byte> span = bytes;
        AccutorrReader.TryRead(ref span, out var message);
        return message;
    }
}
