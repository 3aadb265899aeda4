namespace TelemetryGateway.Monitors.Tests;

public sealed class MonitorTopicTests
{
    [Theory]
    [InlineData("ambulance/A12/mon1/vitals", "A12", "mon1", MonitorStream.Vitals, null)]
    [InlineData("ambulance/A12/mon1/status", "A12", "mon1", MonitorStream.Status, null)]
    [InlineData("ambulance/A12/mon1/position", "A12", "mon1", MonitorStream.Position, null)]
    [InlineData("ambulance/A12/mon1/hl7", "A12", "mon1", MonitorStream.Hl7, null)]
    [InlineData("ambulance/A12/mon1/waveform/II", "A12", "mon1", MonitorStream.Waveform, "II")]
    [InlineData("ambulance/B7/x/waveform/pleth", "B7", "x", MonitorStream.Waveform, "pleth")]
    public void Parses_and_prints(string topic, string unit, string device, MonitorStream stream, string? channel)
    {
        Assert.True(MonitorTopic.TryParse(topic, out var t, out _));
        Assert.Equal(new MonitorTopic(unit, device, stream, channel), t);
        Assert.Equal(topic, t.ToString());
    }

    [Theory]
    [InlineData("ambulance/A12/mon1")]
    [InlineData("ambulance//mon1/vitals")]
    [InlineData("ambulance/A12/mon1/vitals/extra")]
    [InlineData("ambulance/A12/mon1/waveform")]
    [InlineData("ambulance/A12/mon1/waveform/")]
    [InlineData("ambulance/A12/mon1/telemetry")]
    [InlineData("truck/A12/mon1/vitals")]
    public void Refuses_other_topics(string topic)
    {
        Assert.False(MonitorTopic.TryParse(topic, out _, out var problem));
        Assert.NotEmpty(problem);
    }
}
