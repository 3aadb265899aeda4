using TelemetryGateway.Core;
using TelemetryGateway.FirmwareSim;
using TelemetryGateway.FirmwareSim.Monitor;

namespace TelemetryGateway.Monitors.Tests.Simulator;

/// <summary>What tgsim monitor publishes, decoded by the gateway's own decoders (src/Monitors).</summary>
public sealed class MonitorScriptTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static MonitorPayload Decode(MonitorMessage message)
    {
        Assert.True(MonitorTopic.TryParse(message.Topic, out var topic, out var problem), problem);
        return MonitorPayloadDecoder.Decode(topic, message.Payload, Start + message.At);
    }

    [Fact]
    public void A_minute_is_60_vitals_60_positions_12_statuses_and_299_ECG_chunks_in_time_order()
    {
        var script = new MonitorScript(MonitorOptions.Parse([]), Start);
        var messages = script.Messages(TimeSpan.FromMinutes(1)).ToList();
        var counts = messages.GroupBy(m => m.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(60, counts[MonitorMessageKind.Vitals]);
        Assert.Equal(60, counts[MonitorMessageKind.Position]);
        Assert.Equal(12, counts[MonitorMessageKind.Status]);
        Assert.Equal(299, counts[MonitorMessageKind.Waveform]); // 200 ms chunks, the one ending at 60 s is not due
        Assert.Equal(messages.Select(m => m.At).Order(), messages.Select(m => m.At));
        Assert.All(messages, m => Assert.StartsWith("ambulance/A12/mon1/", m.Topic, StringComparison.Ordinal));
    }

    [Fact]
    public void Vitals_and_ECG_decode_to_readings_with_distinct_times_so_the_hub_keeps_each_once()
    {
        var script = new MonitorScript(MonitorOptions.Parse(["--patient", "P-7"]), Start);
        var readings = script.Messages(TimeSpan.FromSeconds(10)).SelectMany(m => Decode(m).Readings).ToList();
        var heart = readings.Where(r => r.Kind == ReadingKinds.HeartRate).ToList();
        Assert.Equal(10, heart.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(s => Start.AddSeconds(s)), heart.Select(r => r.MeasuredAt!.Value));
        Assert.All(heart, r => Assert.Equal(("mon1", "P-7", ReadingPriority.Live), (r.DeviceId, r.PatientId, r.Priority)));
        var ecg = readings.Where(r => r.Kind == "ecg.II").ToList();
        Assert.Equal(49, ecg.Count);
        Assert.Equal(ecg.Count, ecg.Select(r => r.MeasuredAt).Distinct().Count());
        Assert.All(ecg, r => Assert.Equal((250.0, 50), (r.Waveform!.SampleRateHz, r.Waveform.Samples.Length)));
        Assert.Equal(6, readings.Count(r => r.MeasuredAt == Start && r.Waveform is null));
    }

    [Fact]
    public void HL7_vitals_carry_the_same_values_as_JSON()
    {
        var json = new MonitorScript(MonitorOptions.Parse([]), Start);
        var hl7 = new MonitorScript(MonitorOptions.Parse(["--format", "hl7"]), Start);
        foreach (var second in new[] { 0, 300, 700 })
        {
            var at = TimeSpan.FromSeconds(second);
            var fromJson = Decode(json.VitalsAt(at)).Readings;
            var fromHl7 = hl7.VitalsAt(at);
            Assert.Equal(MonitorMessageKind.Hl7, fromHl7.Kind);
            Assert.Equal("ambulance/A12/mon1/hl7", fromHl7.Topic);
            Assert.Equal(fromJson.Select(r => (r.Kind, r.Value, r.MeasuredAt, r.Flags)), Decode(fromHl7).Readings.Select(r => (r.Kind, r.Value, r.MeasuredAt, r.Flags)));
        }
    }

    [Fact]
    public void Position_carries_ETA_and_destination_and_status_raises_alarms_as_the_patient_deteriorates()
    {
        var script = new MonitorScript(MonitorOptions.Parse(["--destination", "Spital ED"]), Start);
        var position = Decode(script.PositionAt(TimeSpan.FromSeconds(60))).Position!;
        Assert.Equal("Spital ED", position.Destination);
        Assert.Equal((Start.AddSeconds(60) + script.Route.At(TimeSpan.FromSeconds(60)).Remaining!.Value).ToUnixTimeMilliseconds(), position.Eta!.Value.ToUnixTimeMilliseconds(), 1.0);
        Assert.Equal(14, position.SpeedMetresPerSecond);

        Assert.Empty(Decode(script.StatusAt(TimeSpan.Zero)).Status!.Alarms);
        var late = Decode(script.StatusAt(TimeSpan.FromMinutes(12))).Status!;
        Assert.Equal(["SPO2_LOW", "NBP_SYS_LOW", "HR_HIGH"], late.Alarms.Select(a => a.Code));
        Assert.Equal(90, late.BatteryPercent);
    }

    [Theory]
    [InlineData("--qos", "2")]
    [InlineData("--format", "xml")]
    [InlineData("--broker", "localhost")]
    [InlineData("--unit", "a/b")]
    [InlineData("--speed-up", "0")]
    [InlineData("--from", "95,8")]
    [InlineData("--duration")]
    public void Bad_flags_are_usage_errors(params string[] args) =>
        Assert.Throws<SimulatorUsageException>(() => MonitorOptions.Parse(args));
}
