using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Core.Tests.Alerts;

/// <summary>bp.hypertension: ≥ 140/90 Warning, ≥ 180/110 Urgent (ESH 2023 grades), systolic and diastolic of
/// one measurement together, 5 mmHg hysteresis, spot checks (BLE cuff) with no clear hold.</summary>
public class BloodPressureRuleTests
{
    private const double Day = 86_400;

    [Fact]
    public void A_value_hovering_on_140_raises_once_and_clears_only_after_a_week_below_135()
    {
        var s = new AlertScenario();
        s.Bp(0, 138, 85);
        s.Bp(100, 141, 85);
        s.Bp(200, 139, 85);
        s.Bp(300, 142, 86);
        s.Bp(400, 136, 84);
        s.Bp(500, 134, 84);     // below 135: the week's hold starts
        s.Bp(600, 139, 89);     // back inside the margin: the hold starts again with the next reading below
        s.Bp(Day, 134, 84);
        s.Bp(4 * Day, 130, 80);
        s.Bp(8 * Day - 1, 133, 82); // not yet a week since Day
        s.Bp(8 * Day, 132, 82);
        Assert.Equal(
        [
            "bp.hypertension Raised Warning @100 start=100",
            "bp.hypertension Cleared Warning @691200 start=100",
        ], s.Lines);
    }

    [Fact]
    public void A_home_cuff_hovering_around_the_line_raises_once_and_does_not_flap()
    {
        // Morning and evening readings for two weeks, every other one below 135/85: before the week's hold this
        // raised and cleared at every pair.
        var s = new AlertScenario();
        for (var i = 0; i < 28; i++)
        {
            s.Bp(i * Day / 2, i % 2 == 0 ? 142 : 133, i % 2 == 0 ? 88 : 82);
        }
        Assert.Equal(["bp.hypertension Raised Warning @0 start=0"], s.Lines);
    }

    [Fact]
    public void Diastolic_alone_decides_and_the_signal_names_the_measurement()
    {
        var s = new AlertScenario();
        s.Bp(0, 132, 91);
        var signal = Assert.Single(s.Signals);
        Assert.Equal("bp.hypertension Raised Warning @0 start=0", AlertScenario.Line(signal));
        Assert.Equal("p1", signal.PatientId);
        Assert.Equal("cuff-1", signal.DeviceId);
        Assert.Equal(ReadingKinds.BpSystolic, signal.Kind);
        Assert.Equal(132, signal.Value);
        Assert.Equal("mm[Hg]", signal.Unit);
        Assert.Contains("132/91", signal.Message, StringComparison.Ordinal);
        Assert.Contains("140/90", signal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Escalation_to_urgent_is_an_update_of_the_same_episode_and_steps_down_past_the_margin()
    {
        var s = new AlertScenario();
        s.Bp(0, 150, 95);
        s.Bp(60, 165, 112);
        s.Bp(120, 168, 107); // inside the urgent line's margin, not 10 worse
        s.Bp(180, 170, 104);      // below the urgent line less its margin: steps down after a week of this
        s.Bp(Day, 172, 104);
        s.Bp(180 + 7 * Day, 170, 104);
        s.Bp(8 * Day, 120, 80);
        s.Bp(15 * Day, 121, 79);
        Assert.Equal(
        [
            "bp.hypertension Raised Warning @0 start=0",
            "bp.hypertension Updated Urgent @60 start=0",
            "bp.hypertension Updated Warning @604980 start=0",
            "bp.hypertension Cleared Warning @1296000 start=0",
        ], s.Lines);
    }

    [Fact]
    public void A_value_10_mmHg_worse_than_the_worst_signalled_is_an_update()
    {
        var s = new AlertScenario();
        s.Bp(0, 145, 85);
        s.Bp(60, 154, 85);
        s.Bp(120, 158, 85);
        s.Bp(180, 160, 85);
        s.Bp(240, 150, 101);
        Assert.Equal(
        [
            "bp.hypertension Raised Warning @0 start=0",
            "bp.hypertension Updated Warning @120 start=0",
            "bp.hypertension Updated Warning @240 start=0",
        ], s.Lines);
    }

    [Fact]
    public void Readings_older_than_what_was_judged_reopen_nothing()
    {
        var s = new AlertScenario();
        s.Bp(100, 150, 95);
        s.Bp(200, 120, 80);
        s.Bp(150, 190, 120); // measured before the latest judged reading, arriving late
        s.Bp(50, 200, 125);  // older than the episode itself
        s.Bp(200 + 7 * Day, 118, 78);
        Assert.Equal(
        [
            "bp.hypertension Raised Warning @100 start=100",
            "bp.hypertension Cleared Warning @605000 start=100",
        ], s.Lines);
        Assert.Equal(2, s.Engine.OutOfOrderSkips);
        Assert.Equal(0, s.Engine.OpenEpisodeCount);
    }

    [Fact]
    public void Components_pair_per_device_in_either_order()
    {
        var s = new AlertScenario();
        s.Feed(AlertScenario.Spot(ReadingKinds.BpDiastolic, 96, 0, device: "cuff-1"));
        s.Feed(AlertScenario.Spot(ReadingKinds.BpSystolic, 150, 0, "p2", device: "cuff-2"));
        Assert.Empty(s.Signals);
        s.Feed(AlertScenario.Spot(ReadingKinds.BpSystolic, 128, 0, device: "cuff-1"));
        s.Feed(AlertScenario.Spot(ReadingKinds.BpDiastolic, 85, 0, "p2", device: "cuff-2"));
        Assert.Equal(
        [
            "bp.hypertension Raised Warning @0 start=0",
            "bp.hypertension Raised Warning @0 start=0",
        ], s.Lines);
        Assert.Equal(["p1", "p2"], s.Signals.Select(x => x.PatientId));
    }

    [Fact]
    public void A_component_without_partner_may_raise_but_never_clear()
    {
        var s = new AlertScenario();
        s.Feed(AlertScenario.Spot(ReadingKinds.BpSystolic, 150, 0));
        Assert.Empty(s.Signals);
        s.Feed(AlertScenario.Spot(ReadingKinds.BpSystolic, 120, 60)); // a new measurement: the lone 150 is judged
        Assert.Equal(["bp.hypertension Raised Warning @0 start=0"], s.Lines);
        s.Tick(61);
        Assert.Single(s.Signals); // the lone 120 waits 2 s for its partner
        s.Tick(62);
        Assert.Single(s.Signals); // judged alone: a half measurement does not clear
        s.Bp(120, 120, 80);
        s.Bp(120 + 7 * Day, 121, 79);
        Assert.Equal(
        [
            "bp.hypertension Raised Warning @0 start=0",
            "bp.hypertension Cleared Warning @604920 start=0",
        ], s.Lines);
    }

    [Fact]
    public void A_doctors_target_of_130_80_applies_to_that_patient_only_and_keeps_the_urgent_line()
    {
        var rules = AlertRuleSet.FromThresholds(
        [
            new(ReadingKinds.BpSystolic, "p2", null, 130, AlertSeverity.Warning),
            new(ReadingKinds.BpDiastolic, "p2", null, 80, AlertSeverity.Warning),
        ]);
        var s = new AlertScenario(rules);
        s.Bp(0, 132, 78, "p2", "cuff-2");
        s.Bp(0, 132, 78, "p1", "cuff-1");
        s.Bp(60, 181, 90, "p2", "cuff-2");
        s.Bp(120, 127, 79, "p2", "cuff-2");
        s.Bp(120 + 7 * Day, 127, 79, "p2", "cuff-2");
        s.Bp(8 * Day, 124, 74, "p2", "cuff-2");
        s.Bp(15 * Day, 122, 74, "p2", "cuff-2");
        Assert.Equal(
        [
            "bp.hypertension Raised Warning @0 start=0",
            "bp.hypertension Updated Urgent @60 start=0",
            "bp.hypertension Updated Warning @604920 start=0",
            "bp.hypertension Cleared Warning @1296000 start=0",
        ], s.Lines);
        Assert.All(s.Signals, x => Assert.Equal("p2", x.PatientId));
        Assert.Contains("130/80", s.Signals[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void New_rules_judge_the_next_reading_of_an_open_episode()
    {
        var s = new AlertScenario();
        s.Bp(0, 145, 85);
        s.Engine.UpdateRules(AlertRuleSet.FromThresholds([new(ReadingKinds.BpSystolic, "p1", null, 160, AlertSeverity.Warning)]));
        s.Bp(60, 150, 80);
        s.Bp(60 + 7 * Day, 150, 80);
        Assert.Equal(
        [
            "bp.hypertension Raised Warning @0 start=0",
            "bp.hypertension Cleared Warning @604860 start=0",
        ], s.Lines);
    }

    [Fact]
    public void A_monitor_blood_pressure_clears_only_after_30_s_below()
    {
        var s = new AlertScenario(NoNews2());
        void Nibp(double t, double sys, double dia)
        {
            s.Vital(ReadingKinds.BpSystolic, sys, t);
            s.Vital(ReadingKinds.BpDiastolic, dia, t);
        }
        Nibp(0, 185, 100);
        Nibp(10, 120, 80);
        Nibp(20, 120, 80);
        Nibp(30, 186, 100);
        Nibp(40, 120, 80);
        Nibp(60, 120, 80);
        Nibp(70, 120, 80);
        Assert.Equal(
        [
            "bp.hypertension Raised Urgent @0 start=0",
            "bp.hypertension Cleared Urgent @70 start=0",
        ], s.Lines);
    }

    internal static AlertRuleSet NoNews2() => AlertRuleSet.FromThresholds(
    [
        new(AlertRuleIds.News2, "", null, null, AlertSeverity.Urgent),
        new(AlertRuleIds.News2, "", null, null, AlertSeverity.Emergency),
    ]);
}
