using System.Text;
using System.Text.Json;
using TelemetryGateway.Cli.Tests.Infrastructure;

namespace TelemetryGateway.Cli.Tests;

/// <summary>
/// <c>tg decode</c> as a field engineer runs it (design.md "tg decode"): one JSON object on stdout, or exit
/// code 2 and one line on stderr naming the byte or field, never a stack trace. The decoders' own suites cover
/// every vector; these check the command's contract around them.
/// </summary>
public sealed class DecodeCommandTests
{
    // Nordic Android-BLE-Library@4a86e6c, BloodPressureMeasurementDataCallbackTest
    // .onBloodPressureMeasurementReceived_full: 138/88 (MAP 120) mmHg, pulse 60, user 1, status 0x0027,
    // time stamp with year 0 ("not known"), so no measured time.
    private const string NordicFullBpm = "1e8a00580078000000041114293b3c00012700";

    // tidepool-org/uploader@3651507, lib/drivers/bayer/bayerContourNext.js: a Contour Next result frame
    // (frame 5, ETB, checksum 74): record 3, 93 mg/dL, 2015-05-26 11:50 meter time.
    private static readonly byte[] ContourResultFrame =
        Encoding.ASCII.GetBytes("\u00025R|3|^^^Glucose|93|mg/dL^P||A/M0/T1||201505261150\r\u001774\r\n");

    // oehf/ipf@2328644, commons/ihe/hl7v2ws/src/test/resources/wan/valid-bp-continua-wan.hl7v2
    // (ContinuaWanValidatorTest.testBPMessage), segments joined with CR as HL7 v2 sends them.
    private static readonly string ContinuaBpMessage = string.Join('\r',
        @"MSH|^~\&|AcmeInc^ACDE48234567ABCD^EUI-64||||20090713090030+0000||ORU^R01^ORU_R01|MSGID1234|P|2.6|||NE|AL|||||IHE PCD ORU-R012006^HL7^2.16.840.1.113883.9.n.m^HL7",
        "PID|||789567^^^Imaginary Hospital^PI ||Doe^John^Joseph^^^^L^A|||M",
        "OBR|1|AB12345^AcmeAHDInc^ACDE48234567ABCD^EUI-64|CD12345^AcmeAHDInc^ACDE48234567ABCD^EUI-64|182777000^monitoring of patient^SNOMED-CT|||20090813095715+0000",
        "OBX|1|CWE|68220^MDC_TIME_SYNC_PROTOCOL^MDC|0.0.0.1|532224^MDC_TIME_SYNC_NONE^MDC|||||R",
        "OBX|2||528391^MDC_DEV_SPEC_PROFILE_BP^MDC|1|||||||X|||||||0123456789ABCDEF^EUI-64",
        "OBX|3||150020^MDC_PRESS_BLD_NONINV^MDC|1.0.1|||||||X|||20090813095715+0000",
        "OBX|4|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.0.1.1|120|266016^MDC_DIM_MMHG^MDC|||||R",
        "OBX|5|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.0.1.2|80|266016^MDC_DIM_MMHG^MDC|||||R",
        "OBX|6|NM|150023^MDC_PRESS_BLD_NONINV_MEAN^MDC|1.0.1.3|100|266016^MDC_DIM_MMHG^MDC|||||R",
        "OBX|7|DTM|67975^MDC_ATTR_TIME_ABS^MDC|1.0.0.1|20091028123702||||||R|||20091028173702+0000") + "\r";

    // docs/monitor-json.md, the vitals example: kPa and °F are converted, the null EtCO2 is no reading.
    private const string MonitorVitals = """
        {"v":1,"time":"2026-11-22T08:15:30.000Z","patient":"P-0042","vitals":[
          {"kind":"heart.rate","value":112,"unit":"/min","flags":["high"]},
          {"kind":"spo2","value":91,"unit":"%"},
          {"kind":"bp.systolic","value":13.6,"unit":"kPa"},
          {"kind":"body.temperature","value":101.1,"unit":"[degF]","time":"2026-11-22T08:14:00Z"},
          {"kind":"etco2","value":null,"unit":"mm[Hg]"}
        ]}
        """;

    [Fact]
    public async Task Ble_blood_pressure_prints_each_value_with_the_cuffs_status_flags()
    {
        var result = await TgRun.RunAsync(null, "decode", "ble", "2A35", NordicFullBpm);

        AssertSuccess(result);
        var readings = result.Readings();
        Assert.Equal(["bp.systolic", "bp.diastolic", "bp.mean", "heart.rate"], readings.Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal([138.0, 88.0, 120.0, 60.0], readings.Select(r => r.GetProperty("value").GetDouble()));
        Assert.Equal(["mm[Hg]", "mm[Hg]", "mm[Hg]", "/min"], readings.Select(r => r.GetProperty("unit").GetString()));
        foreach (var reading in readings)
        {
            Assert.Equal(JsonValueKind.Null, reading.GetProperty("time").ValueKind);
            Assert.Equal(JsonValueKind.Null, reading.GetProperty("sequence").ValueKind);
            Assert.Equal(["body-movement", "cuff-fit-loose", "irregular-pulse", "improper-position"],
                reading.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
            Assert.Equal(reading.GetProperty("value").GetDouble(), reading.GetProperty("reported").GetProperty("value").GetDouble());
        }
    }

    [Fact]
    public async Task Astm_from_stdin_converts_mg_per_dl_and_keeps_what_the_meter_reported()
    {
        var result = await TgRun.RunAsync(ContourResultFrame, "decode", "astm", "-");

        AssertSuccess(result);
        var reading = Assert.Single(result.Readings());
        Assert.Equal("glucose", reading.GetProperty("kind").GetString());
        Assert.Equal("mmol/L", reading.GetProperty("unit").GetString());
        Assert.Equal(93 / 18.016, reading.GetProperty("value").GetDouble(), 1e-9);
        Assert.Equal(93, reading.GetProperty("reported").GetProperty("value").GetDouble());
        Assert.Equal("mg/dL", reading.GetProperty("reported").GetProperty("unit").GetString());
        // The device record number: the result's identity (stored minute 2015-05-26 11:50, first of it), not its position 3.
        Assert.Equal(20150526115001, reading.GetProperty("sequence").GetInt64());
        Assert.Equal(new DateTimeOffset(2015, 5, 26, 11, 50, 0, TimeSpan.Zero), reading.GetProperty("time").GetDateTimeOffset());
        Assert.Equal(["device-clock-uncorrected", "after-meal"], reading.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Astm_bare_records_from_a_file_name_the_meter_and_flag_the_control_result()
    {
        // Bare E1394 records, no framing: glucometerutils' Contour USB header (test_parse_header_record) and
        // result record (test_parse_result_record: seq 8, 133 mg/dL, B/X, 2012-02-05 20:34), a control test, L.
        var path = Path.Combine(Path.GetTempPath(), $"tg-decode-{Guid.NewGuid():N}.astm");
        await File.WriteAllTextAsync(path, string.Join("\r\n",
            @"H|\^&||7w3LBL|Bayer7390^01.24\01.04\09.02.20^7390-2336773^7403-|A=1^C=63^G=1^I=0200^R=0^S=1^U=0^V=10600^X=070070070070180130150250^Y=360126090050099050300089^Z=1|1714||||||1|201909221304",
            "R|8|^^^Glucose|133|mg/dL^P||B/X||201202052034",
            "R|9|^^^Glucose|112|mg/dL^P||C||201202052100",
            "L|1||N") + "\r\n", Encoding.ASCII);
        try
        {
            var result = await TgRun.RunAsync(null, "decode", "astm", path);

            AssertSuccess(result);
            var readings = result.Readings();
            Assert.Equal([20120205203401L, 20120205210001L], readings.Select(r => r.GetProperty("sequence").GetInt64()));
            Assert.Equal([133.0, 112.0], readings.Select(r => r.GetProperty("reported").GetProperty("value").GetDouble()));
            Assert.Equal(new DateTimeOffset(2012, 2, 5, 20, 34, 0, TimeSpan.Zero), readings[0].GetProperty("time").GetDateTimeOffset());
            Assert.Equal(["device-clock-uncorrected", "before-meal"], readings[0].GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
            Assert.Contains("control-solution", readings[1].GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Accutorr_capture_from_stdin_prints_the_manuals_example_result()
    {
        // Datascope Accutorr service manual p. 1-53, the example reply to "P", after the power-up banner and prompt.
        var capture = Encoding.ASCII.GetBytes("ACCUTORR PC Interface is ready\r\n>P:--,85,120, 45, 80,000,010,000, 5\r\n>");
        var result = await TgRun.RunAsync(capture, "decode", "accutorr", "-");

        AssertSuccess(result);
        var readings = result.Readings();
        Assert.Equal(["bp.systolic", "bp.diastolic", "bp.mean", "heart.rate"], readings.Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal([120.0, 80.0, 45.0, 85.0], readings.Select(r => r.GetProperty("value").GetDouble()));
        // Numbered by its date (yyyyMMddHHmm, UTC) and ordinal 01: the first result of its minute.
        Assert.All(readings, r => Assert.Equal(
            long.Parse(r.GetProperty("time").GetDateTimeOffset().UtcDateTime.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) * 100 + 1,
            r.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task Hl7_from_a_file_prints_the_blood_pressure_at_the_observation_time()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tg-decode-{Guid.NewGuid():N}.hl7");
        await File.WriteAllTextAsync(path, ContinuaBpMessage, Encoding.ASCII);
        try
        {
            var result = await TgRun.RunAsync(null, "decode", "hl7", path);

            AssertSuccess(result);
            var readings = result.Readings();
            Assert.Equal(["bp.systolic", "bp.diastolic", "bp.mean"], readings.Select(r => r.GetProperty("kind").GetString()));
            Assert.Equal([120.0, 80.0, 100.0], readings.Select(r => r.GetProperty("value").GetDouble()));
            Assert.All(readings, r => Assert.Equal(new DateTimeOffset(2009, 8, 13, 9, 57, 15, TimeSpan.Zero), r.GetProperty("time").GetDateTimeOffset()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Monitor_json_converts_units_and_takes_a_vitals_own_time()
    {
        var result = await TgRun.RunAsync(Encoding.UTF8.GetBytes(MonitorVitals), "decode", "monitor-json", "-");

        AssertSuccess(result);
        var readings = result.Readings();
        Assert.Equal(["heart.rate", "spo2", "bp.systolic", "body.temperature"], readings.Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal(13.6 * 7.50062, readings[2].GetProperty("value").GetDouble(), 1e-6);
        Assert.Equal("kPa", readings[2].GetProperty("reported").GetProperty("unit").GetString());
        Assert.Equal((101.1 - 32) * 5 / 9, readings[3].GetProperty("value").GetDouble(), 1e-9);
        Assert.Equal("Cel", readings[3].GetProperty("unit").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 8, 14, 0, TimeSpan.Zero), readings[3].GetProperty("time").GetDateTimeOffset());
        Assert.Equal(["high"], readings[0].GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Theory]
    [InlineData("ble 2A35: byte 7: the 7-byte payload ends before the time stamp", "decode", "ble", "2A35", "03020304050607")]
    [InlineData("ble 2A35: byte 0: the 0-byte payload ends before the flags", "decode", "ble", "2A35", "")]
    [InlineData("odd number of hex digits", "decode", "ble", "2A35", "1e8a0")]
    [InlineData("not a measurement characteristic", "decode", "ble", "FFFF", "00")]
    [InlineData("hl7: /nonexistent/readings.hl7: no such file", "decode", "hl7", "/nonexistent/readings.hl7")]
    public async Task Bad_input_exits_2_with_one_line_naming_the_problem(string expected, params string[] args)
    {
        var result = await TgRun.RunAsync([], args);

        AssertRefused(result, expected);
    }

    [Fact]
    public async Task An_unknown_format_exits_2_with_the_usage()
    {
        var result = await TgRun.RunAsync([], "decode", "xml", "-");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("decode astm|hl7|monitor-json <file|->", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_astm_checksum_names_both_checksums()
    {
        var corrupted = ContourResultFrame.ToArray();
        corrupted[^3] = (byte)'5'; // stated checksum 75 instead of 74

        AssertRefused(await TgRun.RunAsync(corrupted, "decode", "astm", "-"), "checksum 75 stated, 74 computed");
    }

    [Fact]
    public async Task A_malformed_monitor_json_member_is_named_by_its_path()
    {
        var payload = """{"vitals":[{"kind":"spo2","value":"97","unit":"%"}]}"""u8.ToArray();

        AssertRefused(await TgRun.RunAsync(payload, "decode", "monitor-json", "-"), "$.vitals[0].value: expected a finite number, found string '97'");
    }

    private static void AssertSuccess(TgResult result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Equal("", result.Stderr);
    }

    private static void AssertRefused(TgResult result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.StartsWith("tg decode: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
    }
}
