using System.Globalization;
using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Core.Tests.Alerts;

/// <summary>Builds readings on a fixed clock and records the engine's signals as compact lines, so that a
/// test states the exact expected stream: "rule Transition Severity @at start=episodeStart" (seconds after T0).</summary>
internal sealed class AlertScenario(AlertRuleSet? rules = null)
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    public AlertEngine Engine { get; } = new(rules);

    public List<AlertSignal> Signals { get; } = [];

    public List<string> Lines => [.. Signals.Select(Line)];

    public static string Line(AlertSignal s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.RuleId} {s.Transition} {s.Severity} @{Seconds(s.At)} start={Seconds(s.EpisodeStart)}");

    private static string Seconds(DateTimeOffset at) => (at - T0).TotalSeconds.ToString(CultureInfo.InvariantCulture);

    public IReadOnlyList<AlertSignal> Feed(Reading reading)
    {
        var signals = Engine.Evaluate(reading);
        Signals.AddRange(signals);
        return signals;
    }

    public IReadOnlyList<AlertSignal> Tick(double seconds)
    {
        var signals = Engine.Tick(T0.AddSeconds(seconds));
        Signals.AddRange(signals);
        return signals;
    }

    /// <summary>A BLE cuff measurement: systolic then diastolic, same measured time.</summary>
    public void Bp(double seconds, double systolic, double diastolic, string patient = "p1", string device = "cuff-1")
    {
        Feed(Spot(ReadingKinds.BpSystolic, systolic, seconds, patient, device));
        Feed(Spot(ReadingKinds.BpDiastolic, diastolic, seconds, patient, device));
    }

    public void Glucose(double seconds, double mmolPerL, string patient = "p1", ReadingFlags flags = ReadingFlags.None) =>
        Feed(Spot(ReadingKinds.Glucose, mmolPerL, seconds, patient, "meter-1") with { Flags = flags });

    /// <summary>One reading of an ambulance monitor over MQTT (a continuous feed).</summary>
    public void Vital(string kind, double value, double seconds, string patient = "amb-1", string device = "monitor-1") =>
        Feed(Monitor(kind, value, seconds, patient, device));

    public static Reading Spot(string kind, double value, double seconds, string? patient = "p1", string device = "cuff-1") => new()
    {
        Kind = kind,
        Value = value,
        Unit = ReadingKinds.Get(kind).Unit,
        PatientId = patient,
        DeviceId = device,
        Source = ReadingSource.Ble,
        MeasuredAt = T0.AddSeconds(seconds),
        ReceivedAt = T0.AddSeconds(seconds),
        Priority = ReadingPriority.Bulk,
    };

    public static Reading Monitor(string kind, double value, double seconds, string? patient = "amb-1", string device = "monitor-1") => new()
    {
        Kind = kind,
        Value = value,
        Unit = ReadingKinds.TryGet(kind, out var info) ? info.Unit : "1",
        PatientId = patient,
        DeviceId = device,
        Source = ReadingSource.Mqtt,
        MeasuredAt = T0.AddSeconds(seconds),
        ReceivedAt = T0.AddSeconds(seconds),
    };

    /// <summary>A calm ambulance patient (NEWS2 0) at one second: RR 16, SpO2 97, SBP 125, HR 75, T 37.</summary>
    public void CalmVitals(double seconds, string patient = "amb-1", string device = "monitor-1")
    {
        Vital(ReadingKinds.RespRate, 16, seconds, patient, device);
        Vital(ReadingKinds.SpO2, 97, seconds, patient, device);
        Vital(ReadingKinds.HeartRate, 75, seconds, patient, device);
    }
}
