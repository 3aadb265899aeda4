using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Core.Tests.Alerts;

/// <summary>news2 on an ambulance feed: aggregate 5–6 or a single 3 → Urgent, ≥ 7 → Emergency (RCP 2017
/// Chart 2); down only after 30 s at the lower level.</summary>
public class News2RuleTests
{
    [Fact]
    public void A_deteriorating_ambulance_patient_raises_urgent_then_emergency_then_recovers()
    {
        var s = new AlertScenario();
        s.CalmVitals(0);
        // t=1: RR 22 (2), SpO2 94 (1), HR 105 (1): aggregate 4.
        s.Vital(ReadingKinds.RespRate, 22, 1);
        s.Vital(ReadingKinds.SpO2, 94, 1);
        s.Vital(ReadingKinds.HeartRate, 105, 1);
        Assert.Empty(s.Signals);
        // t=2: SpO2 93 (2): aggregate 5; and SpO2 has fallen 4 points from 97.
        s.Vital(ReadingKinds.RespRate, 22, 2);
        s.Vital(ReadingKinds.SpO2, 93, 2);
        s.Vital(ReadingKinds.HeartRate, 105, 2);
        // t=3: RR 26 (3) → 6; HR 112 (2) → 7.
        s.Vital(ReadingKinds.RespRate, 26, 3);
        s.Vital(ReadingKinds.SpO2, 93, 3);
        s.Vital(ReadingKinds.HeartRate, 112, 3);
        for (var t = 4; t <= 40; t++)
        {
            s.CalmVitals(t);
        }
        Assert.Equal(
        [
            "news2 Raised Urgent @2 start=2",
            "spo2.falling Raised Urgent @2 start=0",
            "news2 Updated Emergency @3 start=2",
            "news2 Cleared Emergency @34 start=2",
            "spo2.falling Cleared Urgent @34 start=0",
        ], s.Lines);
        var emergency = s.Signals[2];
        Assert.Equal("amb-1", emergency.PatientId);
        Assert.Equal("monitor-1", emergency.DeviceId);
        Assert.Equal(AlertRuleIds.News2, emergency.Kind);
        Assert.Equal(7, emergency.Value);
        Assert.StartsWith("NEWS2 7 from 3 of 7 parameters", emergency.Message, StringComparison.Ordinal);
    }

    /// <summary>RCP NEWS2 (2017) Chart 2, row by row: aggregate 0–4 → no alert (ward-based response), a single
    /// parameter scoring 3 → urgent ("low–medium"), 5–6 → urgent ("medium"), ≥ 7 → emergency ("high"). One reading
    /// of each parameter at one time; the expected aggregate is the sum of the Chart 1 scores in the comment.</summary>
    [Theory]
    [InlineData(16, 97, 125, 75, 37.0, 0, 0, 0, null)]                        // all 0
    [InlineData(22, 94, 125, 105, 37.0, 0, 0, 4, null)]                       // RR 2, SpO2 1, HR 1
    [InlineData(16, 97, 105, 75, 38.5, 0, 1, 4, null)]                        // SBP 1, T 1, oxygen 2
    [InlineData(16, 97, 125, 135, 37.0, 0, 0, 3, "Urgent")]                   // HR 3 alone
    [InlineData(16, 97, 125, 75, 37.0, 1, 0, 3, "Urgent")]                    // new confusion alone
    [InlineData(16, 97, 88, 75, 37.0, 0, 0, 3, "Urgent")]                     // SBP ≤ 90 alone
    [InlineData(22, 93, 125, 75, 38.5, 0, 0, 5, "Urgent")]                    // RR 2, SpO2 2, T 1
    [InlineData(22, 93, 125, 115, 37.0, 0, 0, 6, "Urgent")]                   // RR 2, SpO2 2, HR 2
    [InlineData(22, 93, 125, 115, 38.5, 0, 0, 7, "Emergency")]                // RR 2, SpO2 2, HR 2, T 1
    [InlineData(22, 94, 100, 75, 37.0, 0, 1, 7, "Emergency")]                 // RR 2, SpO2 1, SBP 2, oxygen 2
    [InlineData(30, 85, 85, 135, 34.0, 4, 1, 20, "Emergency")]                // every parameter at its worst
    public void Chart_2_rows(double rr, double spo2, double sbp, double hr, double celsius, double acvpu, double oxygen,
        int aggregate, string? expected)
    {
        var s = new AlertScenario();
        s.Vital(ReadingKinds.RespRate, rr, 0);
        s.Vital(ReadingKinds.SpO2, spo2, 0);
        s.Vital(ReadingKinds.BpSystolic, sbp, 0);
        s.Vital(ReadingKinds.HeartRate, hr, 0);
        s.Vital(ReadingKinds.BodyTemperature, celsius, 0);
        s.Vital(News2Kinds.Consciousness, acvpu, 0);
        s.Vital(News2Kinds.SupplementalOxygen, oxygen, 0);
        // The aggregate in the row is the chart's; the engine's own sum must agree with it.
        Assert.Equal(aggregate, News2Chart.RespirationRate(rr) + News2Chart.Spo2Scale1(spo2) + News2Chart.AirOrOxygen(oxygen >= 0.5)
            + News2Chart.SystolicBloodPressure(sbp) + News2Chart.Pulse(hr) + News2Chart.Temperature(celsius) + News2Chart.Consciousness(acvpu));
        var news2 = s.Signals.Where(x => x.RuleId == AlertRuleIds.News2).ToList();
        if (expected is null)
        {
            Assert.Empty(news2);
            return;
        }
        Assert.Equal(AlertTransition.Raised, news2[0].Transition);
        Assert.Equal(Enum.Parse<AlertSeverity>(expected), news2.Max(x => x.Severity));
        Assert.Single(news2, x => x.Transition == AlertTransition.Raised);
    }

    [Fact]
    public void A_single_parameter_scoring_3_is_urgent_and_clears_30_s_after_it_ends()
    {
        var s = new AlertScenario();
        s.CalmVitals(0);
        s.Vital(ReadingKinds.HeartRate, 135, 1);
        for (var t = 2; t <= 40; t++)
        {
            s.CalmVitals(t);
        }
        Assert.Equal(
        [
            "news2 Raised Urgent @1 start=1",
            "news2 Cleared Urgent @32 start=1",
        ], s.Lines);
        Assert.Contains("a single parameter scoring 3", s.Signals[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_aggregate_flapping_between_4_and_5_raises_once()
    {
        var s = new AlertScenario();
        s.Vital(ReadingKinds.RespRate, 22, 0);
        s.Vital(ReadingKinds.SpO2, 94, 0);
        s.Vital(ReadingKinds.HeartRate, 105, 0);
        for (var t = 1; t <= 95; t++)
        {
            s.Vital(ReadingKinds.HeartRate, t <= 60 && t % 2 == 1 ? 115 : 105, t);
        }
        Assert.Equal(
        [
            "news2 Raised Urgent @1 start=1",
            "news2 Cleared Urgent @90 start=1",
        ], s.Lines);
    }

    [Fact]
    public void Parameters_older_than_15_minutes_no_longer_count()
    {
        var s = new AlertScenario();
        s.Vital(ReadingKinds.BpSystolic, 85, 0); // SBP ≤ 90 scores 3
        s.Vital(ReadingKinds.BpDiastolic, 50, 0);
        for (var t = 10; t <= 1000; t += 10)
        {
            s.CalmVitals(t);
        }
        Assert.Equal(
        [
            "news2 Raised Urgent @0 start=0",
            "news2 Cleared Urgent @940 start=0",
        ], s.Lines);
    }

    [Fact]
    public void Oxygen_and_consciousness_count_when_reported()
    {
        var s = new AlertScenario();
        s.CalmVitals(0);
        s.Vital(News2Kinds.SupplementalOxygen, 1, 0); // on oxygen: 2
        Assert.Empty(s.Signals);
        s.Vital(News2Kinds.Consciousness, 2, 1); // responds to Voice: 3 → aggregate 5
        Assert.Equal(["news2 Raised Urgent @1 start=1"], s.Lines);
        Assert.Equal(5, s.Signals[0].Value);
    }

    [Fact]
    public void Scale_2_for_a_patient_with_an_88_to_92_target()
    {
        var rules = AlertRuleSet.FromThresholds([new(AlertRuleIds.News2Spo2Scale2, "copd-1", 88, 92, AlertSeverity.Urgent)]);
        var s = new AlertScenario(rules);
        s.Vital(ReadingKinds.SpO2, 90, 0, "copd-1", "monitor-2"); // scale 2: 0
        s.Vital(ReadingKinds.SpO2, 90, 0, "amb-1", "monitor-1");  // scale 1: 3
        s.Vital(ReadingKinds.SpO2, 97, 1, "copd-1", "monitor-2"); // ≥ 97 on air: 0 on scale 2
        s.Vital(News2Kinds.SupplementalOxygen, 1, 2, "copd-1", "monitor-2"); // oxygen 2 + SpO2 97 on oxygen 3
        var line = Assert.Single(s.Signals, x => x.PatientId == "amb-1");
        Assert.Equal("news2 Raised Urgent @0 start=0", AlertScenario.Line(line));
        Assert.Equal(["news2 Raised Urgent @2 start=2"], s.Signals.Where(x => x.PatientId == "copd-1").Select(AlertScenario.Line));
    }

    [Fact]
    public void Spot_checks_are_not_scored()
    {
        var s = new AlertScenario();
        s.Feed(AlertScenario.Spot(ReadingKinds.HeartRate, 140, 0));
        s.Feed(AlertScenario.Spot(ReadingKinds.SpO2, 85, 0));
        Assert.Empty(s.Signals);
    }

    [Fact]
    public void A_monitor_bound_to_no_patient_alerts_for_the_device()
    {
        var s = new AlertScenario();
        s.Feed(AlertScenario.Monitor(ReadingKinds.HeartRate, 35, 0, patient: null, device: "monitor-9"));
        var signal = Assert.Single(s.Signals);
        Assert.Null(signal.PatientId);
        Assert.Equal("device:monitor-9", signal.Subject);
    }
}

/// <summary>Continuous rules and readings that arrive late (a monitor's buffered back-fill after a tunnel).</summary>
public class ContinuousOrderTests
{
    [Fact]
    public void Late_vitals_older_than_the_episode_reopen_nothing()
    {
        var s = new AlertScenario();
        s.CalmVitals(0);
        s.Vital(ReadingKinds.HeartRate, 135, 1);
        for (var t = 2; t <= 40; t++)
        {
            s.CalmVitals(t);
        }
        // Back-filled readings measured during and before the episode.
        s.Vital(ReadingKinds.HeartRate, 140, 1.5);
        s.Vital(ReadingKinds.SpO2, 80, 0.5);
        s.Vital(ReadingKinds.RespRate, 30, 20);
        s.CalmVitals(41);
        Assert.Equal(
        [
            "news2 Raised Urgent @1 start=1",
            "news2 Cleared Urgent @32 start=1",
        ], s.Lines);
        Assert.True(s.Engine.OutOfOrderSkips >= 3);
    }

    [Fact]
    public void An_empty_patient_id_is_no_patient()
    {
        var s = new AlertScenario();
        s.Feed(AlertScenario.Monitor(ReadingKinds.HeartRate, 35, 0, patient: "", device: "monitor-9"));
        var signal = Assert.Single(s.Signals);
        Assert.Null(signal.PatientId);
        Assert.Equal("device:monitor-9", signal.Subject);
    }
}
