using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Core.Tests.Alerts;

/// <summary>The ambulance patient of firmware-sim (firmware-sim/Monitor/PatientModel.cs, restated here without
/// its noise): over 8 minutes, smoothstep from SpO2 97 → 86 %, HR 88 → 135, NIBP 128/78 → 85/50, RR 16 → 30,
/// temperature 37.1 → 38.4 °C, all at 1 Hz, then steady.</summary>
public class DeterioratingPatientTests
{
    [Fact]
    public void Escalates_once_per_rule_and_never_flaps()
    {
        var s = new AlertScenario();
        for (var t = 0; t <= 600; t++)
        {
            var x = Math.Clamp(t / 480.0, 0, 1);
            var p = x * x * (3 - (2 * x));
            double Lerp(double from, double to) => from + ((to - from) * p);
            s.Vital(ReadingKinds.HeartRate, Math.Round(Lerp(88, 135)), t);
            s.Vital(ReadingKinds.PulseRate, Math.Round(Lerp(88, 135)), t);
            s.Vital(ReadingKinds.SpO2, Math.Round(Lerp(97, 86)), t);
            s.Vital(ReadingKinds.BpSystolic, Math.Round(Lerp(128, 85)), t);
            s.Vital(ReadingKinds.BpDiastolic, Math.Round(Lerp(78, 50)), t);
            s.Vital(ReadingKinds.RespRate, Math.Round(Lerp(16, 30)), t);
            s.Vital(ReadingKinds.EtCO2, Math.Round(Lerp(38, 29)), t);
            s.Vital(ReadingKinds.BodyTemperature, Math.Round(Lerp(37.1, 38.4), 1), t);
            s.Tick(t + 0.5);
        }

        Assert.DoesNotContain(s.Signals, x => x.Transition == AlertTransition.Cleared);
        foreach (var rule in s.Signals.GroupBy(x => x.RuleId))
        {
            Assert.Equal(AlertTransition.Raised, rule.First().Transition);
            Assert.Single(rule, x => x.Transition == AlertTransition.Raised);
            Assert.Single(rule.Select(x => x.EpisodeStart).Distinct());
            var severities = rule.Select(x => x.Severity).ToList();
            Assert.Equal(severities.Order(), severities); // only ever worse
        }
        Assert.Equal(
            [AlertRuleIds.Spo2Falling, AlertRuleIds.News2, AlertRuleIds.Spo2SustainedLow], // the trend speaks first
            s.Signals.Where(x => x.Transition == AlertTransition.Raised).Select(x => x.RuleId));
        var news2 = s.Signals.Where(x => x.RuleId == AlertRuleIds.News2).ToList();
        Assert.Equal(AlertSeverity.Urgent, news2[0].Severity);
        Assert.Equal(AlertSeverity.Emergency, news2[^1].Severity);
        // At the worst: RR 30 (3) + SpO2 86 (3) + SBP 85 (3) + pulse 135 (3) + temperature 38.4 (1).
        Assert.Equal(13, news2[^1].Value);
        Assert.True(news2[0].At < news2.First(x => x.Severity == AlertSeverity.Emergency).At);
        // SpO2 first below 90 % at 89 (= round(97 - 11 p)); raised 30 s after, with that start.
        var sustained = s.Signals.Single(x => x.RuleId == AlertRuleIds.Spo2SustainedLow && x.Transition == AlertTransition.Raised);
        Assert.Equal(TimeSpan.FromSeconds(30), sustained.At - sustained.EpisodeStart);
    }
}
