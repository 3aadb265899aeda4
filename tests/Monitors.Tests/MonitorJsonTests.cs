using System.Text;
using TelemetryGateway.Core;
using TelemetryGateway.Monitors.Json;

namespace TelemetryGateway.Monitors.Tests;

public sealed class MonitorJsonTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static MonitorPayload Decode(MonitorStream stream, string json) =>
        MonitorJsonDecoder.Decode(stream, Encoding.UTF8.GetBytes(json), "mon1", Received);

    private static DeviceFormatException Refused(MonitorStream stream, string json) =>
        Assert.Throws<DeviceFormatException>(() => Decode(stream, json));

    [Fact]
    public void Vitals_example_of_the_documentation()
    {
        // docs/monitor-json.md, "vitals" example.
        const string json = """
            {"v":1,"time":"2026-11-22T08:15:30.000Z","patient":"P-0042","vitals":[
              {"kind":"heart.rate","value":112,"unit":"/min","flags":["high"]},
              {"kind":"spo2","value":91,"unit":"%"},
              {"kind":"bp.systolic","value":13.6,"unit":"kPa"},
              {"kind":"body.temperature","value":101.1,"unit":"[degF]","time":"2026-11-22T08:14:00Z"},
              {"kind":"etco2","value":null,"unit":"mm[Hg]"},
              {"kind":"cardiac.output","value":4.9,"unit":"L/min"}
            ]}
            """;
        var p = Decode(MonitorStream.Vitals, json);
        var at = new DateTimeOffset(2026, 11, 22, 8, 15, 30, TimeSpan.Zero);
        Assert.Equal(
            [
                (ReadingKinds.HeartRate, 112.0, "/min", at, ReadingFlags.High),
                (ReadingKinds.SpO2, 91.0, "%", at, ReadingFlags.None),
                (ReadingKinds.BpSystolic, Math.Round(13.6 * 7.50062, 9), "mm[Hg]", at, ReadingFlags.None),
                (ReadingKinds.BodyTemperature, Math.Round((101.1 - 32) * 5 / 9, 9), "Cel", new DateTimeOffset(2026, 11, 22, 8, 14, 0, TimeSpan.Zero), ReadingFlags.None),
            ],
            p.Readings.Select(r => (r.Kind, Math.Round(r.Value, 9), r.Unit, r.MeasuredAt!.Value, r.Flags)));
        Assert.All(p.Readings, r => Assert.Equal(("mon1", "P-0042", ReadingSource.Mqtt), (r.DeviceId, r.PatientId, r.Source)));
        Assert.Equal(new Quantity(13.6, "kPa"), p.Readings[2].Reported);
        Assert.Equal(
            [("$.vitals[4]", "etco2", UnmappedReason.NoValue), ("$.vitals[5]", "cardiac.output", UnmappedReason.UnknownCode)],
            p.Unmapped.Select(u => (u.Location, u.Code, u.Reason)));
    }

    [Fact]
    public void Vitals_round_trip_through_the_writer()
    {
        var at = new DateTimeOffset(2026, 11, 22, 8, 15, 30, 250, TimeSpan.Zero);
        VitalSign[] vitals =
        [
            new(ReadingKinds.HeartRate, 134.5, "/min", ReadingFlags.CriticalHigh | ReadingFlags.IrregularPulse),
            new(ReadingKinds.PulseRate, 133, "/min"),
            new(ReadingKinds.SpO2, 86.2, "%", ReadingFlags.Low),
            new(ReadingKinds.BpSystolic, 85, "mm[Hg]"), new(ReadingKinds.BpDiastolic, 52, "mm[Hg]"), new(ReadingKinds.BpMean, 63, "mm[Hg]"),
            new(ReadingKinds.RespRate, 29, "/min"), new(ReadingKinds.EtCO2, 29.5, "mm[Hg]"), new(ReadingKinds.BodyTemperature, 38.9, "Cel"),
        ];
        var p = MonitorJsonDecoder.Decode(MonitorStream.Vitals, MonitorJsonWriter.Vitals(at, vitals, "P1"), "mon1", Received);
        Assert.Empty(p.Unmapped);
        Assert.Equal(vitals.Select(v => (v.Kind, v.Value, v.Flags)), p.Readings.Select(r => (r.Kind, r.Value, r.Flags)));
        Assert.All(p.Readings, r => Assert.Equal(at, r.MeasuredAt));
    }

    [Fact]
    public void Status_and_position_round_trip()
    {
        var at = new DateTimeOffset(2026, 11, 22, 8, 15, 30, 0, TimeSpan.Zero);
        var status = new MonitorStatus(at, 54, false, ["V1", "spo2"], [new("SPO2_LOW", "high", "SpO2 low")]);
        var s = MonitorJsonDecoder.Decode(MonitorStream.Status, MonitorJsonWriter.Status(status), "mon1", Received).Status!;
        Assert.Equal((at, 54.0, false), (s.Time, s.BatteryPercent!.Value, s.OnMains!.Value));
        Assert.Equal(["V1", "spo2"], s.LeadsOff);
        Assert.Equal(status.Alarms, s.Alarms);

        var position = new AmbulancePosition(at, 47.3905, 8.0459, 16.7, 271.5, at.AddMinutes(9), "Kantonsspital Aarau ED");
        var decoded = MonitorJsonDecoder.Decode(MonitorStream.Position, MonitorJsonWriter.Position(position), "mon1", Received);
        Assert.Equal(position, decoded.Position);
        Assert.Empty(decoded.Readings);
    }

    [Theory]
    [InlineData(MonitorStream.Vitals, "[1,2]", "$", "expected an object")]
    [InlineData(MonitorStream.Vitals, "{\"v\":2,\"vitals\":[]}", "$.v", "not supported")]
    [InlineData(MonitorStream.Vitals, "{\"time\":\"2026-11-22T08:00:00Z\"}", "$.vitals", "missing")]
    [InlineData(MonitorStream.Vitals, "{\"vitals\":{}}", "$.vitals", "expected an array")]
    [InlineData(MonitorStream.Vitals, "{\"vitals\":[{\"kind\":\"spo2\",\"value\":\"97\",\"unit\":\"%\"}]}", "$.vitals[0].value", "finite number")]
    [InlineData(MonitorStream.Vitals, "{\"vitals\":[{\"value\":97,\"unit\":\"%\"}]}", "$.vitals[0].kind", "missing")]
    [InlineData(MonitorStream.Vitals, "{\"vitals\":[{\"kind\":\"spo2\",\"value\":97}]}", "$.vitals[0].unit", "missing")]
    [InlineData(MonitorStream.Vitals, "{\"vitals\":[{\"kind\":\"spo2\",\"value\":97,\"unit\":\"%\",\"flags\":[\"lowish\"]}]}", "$.vitals[0].flags[0]", "not a flag")]
    [InlineData(MonitorStream.Vitals, "{\"time\":\"2026-11-22T08:15:30\",\"vitals\":[]}", "$.time", "offset")]
    [InlineData(MonitorStream.Vitals, "{\"vitals\":[{\"kind\":\"spo2\",\"value\":97,\"unit\":\"%\",\"time\":\"2026-13-22T08:15:30Z\"}]}", "$.vitals[0].time", "RFC 3339")]
    [InlineData(MonitorStream.Vitals, "{\"vitals\":[", "line 1 byte 12", "not valid JSON")]
    [InlineData(MonitorStream.Position, "{\"lat\":91,\"lon\":8}", "$.lat", "outside")]
    [InlineData(MonitorStream.Position, "{\"lat\":47}", "$.lon", "missing")]
    [InlineData(MonitorStream.Position, "{\"lat\":47,\"lon\":8,\"heading\":-1}", "$.heading", "outside")]
    [InlineData(MonitorStream.Status, "{\"battery\":120}", "$.battery", "outside")]
    [InlineData(MonitorStream.Status, "{\"alarms\":[{\"code\":\"X\",\"priority\":\"urgent\"}]}", "$.alarms[0].priority", "not low")]
    [InlineData(MonitorStream.Status, "{\"leadsOff\":[3]}", "$.leadsOff[0]", "lead or sensor")]
    [InlineData(MonitorStream.Waveform, "{\"lead\":\"II\",\"rate\":250,\"start\":\"2026-11-22T08:00:00Z\",\"samples\":[1,40000]}", "$.samples[1]", "16-bit")]
    [InlineData(MonitorStream.Waveform, "{\"lead\":\"X\",\"rate\":250,\"start\":\"2026-11-22T08:00:00Z\",\"samples\":[1]}", "$.lead", "not an ECG lead")]
    [InlineData(MonitorStream.Waveform, "{\"lead\":\"II\",\"rate\":0,\"start\":\"2026-11-22T08:00:00Z\",\"samples\":[1]}", "$.rate", "outside")]
    [InlineData(MonitorStream.Waveform, "{\"lead\":\"II\",\"rate\":250,\"samples\":[1]}", "$.start", "missing")]
    [InlineData(MonitorStream.Waveform, "{\"signal\":\"eeg\"}", "$.signal", "not ecg")]
    public void Malformed_payloads_name_the_json_path(MonitorStream stream, string json, string path, string problem)
    {
        var ex = Refused(stream, json);
        Assert.Equal(path, ex.Location);
        Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
        Assert.Equal("monitor-json", ex.Format);
    }

    [Fact]
    public void Probe_recognises_the_payload_by_its_members()
    {
        Assert.Equal(2, MonitorJsonProbe.Decode("""{"vitals":[{"kind":"spo2","value":97,"unit":"%"},{"kind":"heart.rate","value":70,"unit":"bpm"}]}""", Received).Count);
        var ecg = Assert.Single(MonitorJsonProbe.Decode("""{"lead":"ii","rate":250,"start":"2026-11-22T08:00:00Z","resolution":2.5,"samples":[4,-8]}""", Received));
        Assert.Equal((ReadingKinds.Ecg("II"), 10.0, "uV"), (ecg.Kind, ecg.Value, ecg.Unit));
        Assert.Empty(MonitorJsonProbe.Decode("""{"lat":47.39,"lon":8.04}""", Received));
    }
}
