using TelemetryGateway.Core;
using TelemetryGateway.Serial.Accutorr;
using TelemetryGateway.Serial.Tests.Infrastructure;

namespace TelemetryGateway.Serial.Tests.Accutorr;

/// <summary>`tg decode accutorr`: a capture of the monitor's side of the PC interface in, readings out.</summary>
public sealed class AccutorrProbeTests
{
    private static readonly DateTimeOffset Received = new(2026, 12, 7, 10, 0, 30, TimeSpan.Zero);

    [Fact]
    public void Capture_with_banner_prompts_limits_and_a_result_polled_twice_gives_that_result_once()
    {
        // Service manual pp. 1-52/1-53: banner and prompt at power up, then replies to L and to P (twice).
        var capture = Bytes.Of("ACCUTORR PC Interface is ready\r\n>L:100, 85,150, 40,180, 90,120, 60,110, 50\r\n>" +
            "P:--,85,120, 45, 80,000,010,000, 5\r\n>P:--,85,120, 45, 80,000,010,000, 5\r\n>");
        var readings = AccutorrProbe.Decode(capture, Received);
        Assert.Equal([120.0, 80, 45, 85], readings.Select(r => r.Value));
        Assert.All(readings, r =>
        {
            Assert.Equal(20261207095501, r.DeviceRecordNumber);
            Assert.Equal(new DateTimeOffset(2026, 12, 7, 9, 55, 0, TimeSpan.Zero), r.MeasuredAt);
            Assert.Equal(AccutorrProbe.ProbeDevice, r.DeviceId);
        });
    }

    [Fact]
    public void Last_line_without_cr_lf_is_still_read()
    {
        var readings = AccutorrProbe.Decode(Bytes.Of("P: 97, 72,128, 95, 82,000,000,000,  0"), Received);
        Assert.Equal([ReadingKinds.BpSystolic, ReadingKinds.BpDiastolic, ReadingKinds.BpMean, ReadingKinds.HeartRate, ReadingKinds.SpO2], readings.Select(r => r.Kind));
        Assert.Equal(97, readings[^1].Value);
    }

    [Theory]
    [InlineData(">\r\n", "no P (patient data) line")]
    [InlineData("P:--,85,120, 45\r\n", "P reply: 4 fields, expected 9")]
    public void Bad_captures_say_what_is_wrong(string capture, string expected)
    {
        var error = Assert.Throws<DeviceFormatException>(() => AccutorrProbe.Decode(Bytes.Of(capture), Received));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
