using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Core.Tests.Alerts;

/// <summary>stale.feed (a monitor silent for 15 s, Urgent) and stale.follow-up (no spot check for 90 days,
/// 14 days while out of target; Advisory), both on by default and driven by Tick.</summary>
public class StaleDataTests
{
    private const double Day = 86_400;

    [Fact]
    public void A_monitor_silent_for_15_s_raises_once_and_clears_when_data_returns()
    {
        var s = new AlertScenario();
        for (var t = 0; t <= 5; t++)
        {
            s.CalmVitals(t);
        }
        s.Tick(10);
        s.Tick(19.9);
        Assert.Empty(s.Signals);
        s.Tick(20);
        s.Tick(21);
        s.Tick(25);
        s.CalmVitals(30);
        s.Tick(31);
        Assert.Equal(
        [
            "stale.feed Raised Urgent @20 start=5",
            "stale.feed Cleared Urgent @30 start=5",
        ], s.Lines);
        Assert.Equal("monitor-1", s.Signals[0].DeviceId);
        Assert.Equal("amb-1", s.Signals[0].PatientId);
    }

    [Fact]
    public void A_waveform_or_a_non_patient_reading_keeps_a_feed_alive()
    {
        var s = new AlertScenario();
        s.CalmVitals(0);
        s.Feed(AlertScenario.Monitor(ReadingKinds.HeartRate, 0, 14) with { Flags = ReadingFlags.GeneralDeviceFault });
        s.Tick(20);
        Assert.Empty(s.Signals);
        s.Tick(29);
        Assert.Equal(["stale.feed Raised Urgent @29 start=14"], s.Lines);
    }

    [Fact]
    public void A_feed_whose_last_readings_name_no_patient_goes_stale_for_the_patient_its_vitals_named()
    {
        var s = new AlertScenario();
        s.CalmVitals(0);
        s.Feed(AlertScenario.Monitor(ReadingKinds.HeartRate, 80, 2, patient: null));
        s.Tick(20);
        Assert.Equal(["stale.feed Raised Urgent @20 start=2"], s.Lines);
        Assert.Equal("amb-1", s.Signals[0].PatientId);
    }

    [Fact]
    public void Spot_check_devices_never_go_stale_and_the_rule_can_be_switched_off()
    {
        var s = new AlertScenario();
        s.Bp(0, 120, 80);
        s.Tick(3600);
        Assert.Empty(s.Signals);

        var off = new AlertScenario(AlertRuleSet.FromThresholds([new(AlertRuleIds.StaleFeed, "", null, null, AlertSeverity.Urgent)]));
        off.CalmVitals(0);
        off.Tick(3600);
        Assert.Empty(off.Signals);
    }

    [Fact]
    public void A_chronic_patient_without_a_reading_for_90_days_misses_a_follow_up()
    {
        var s = new AlertScenario();
        s.Bp(0, 120, 80);
        s.Tick(89 * Day);
        s.Tick(90 * Day);
        s.Tick(91 * Day);
        s.Bp(-10 * Day, 120, 80); // a back-filled older record is not a follow-up
        s.Glucose(95 * Day, 6.0);
        Assert.Equal(
        [
            "stale.follow-up Raised Advisory @7776000 start=7776000",
            "stale.follow-up Cleared Advisory @8208000 start=7776000",
        ], s.Lines);
        Assert.Equal("cuff-1", s.Signals[0].DeviceId);
        Assert.Equal("meter-1", s.Signals[1].DeviceId);
    }

    [Fact]
    public void While_out_of_target_the_follow_up_is_due_in_14_days()
    {
        var s = new AlertScenario();
        s.Bp(0, 150, 95);
        s.Tick(13 * Day);
        s.Tick(14 * Day);
        Assert.Equal(
        [
            "bp.hypertension Raised Warning @0 start=0",
            "stale.follow-up Raised Advisory @1209600 start=1209600",
        ], s.Lines);
        Assert.Contains("while out of target", s.Signals[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_glucose_high_waiting_out_its_clear_hold_is_back_in_target_for_the_follow_up()
    {
        var s = new AlertScenario();
        s.Glucose(0, 15.0);
        s.Glucose(Day, 11.0); // in target again; the episode stays open for its 7-day clear hold
        s.Tick(20 * Day);
        s.Tick(91 * Day);
        Assert.Equal(
        [
            "glucose.high Raised Warning @0 start=0",
            "stale.follow-up Raised Advisory @7862400 start=7862400",
        ], s.Lines);
        Assert.DoesNotContain("while out of target", s.Signals[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_patients_own_interval_and_no_follow_up_for_ambulance_patients()
    {
        var rules = AlertRuleSet.FromThresholds(
        [
            new(AlertRuleIds.StaleFollowUp, "p3", null, null, AlertSeverity.Advisory) { Duration = TimeSpan.FromDays(7) },
            new(AlertRuleIds.StaleFeed, "", null, null, AlertSeverity.Urgent),
        ]);
        var s = new AlertScenario(rules);
        s.Bp(0, 120, 80, "p3", "cuff-3");
        s.Bp(0, 120, 80, "p1", "cuff-1");
        s.CalmVitals(0);
        s.Tick(7 * Day);
        Assert.Equal(["stale.follow-up Raised Advisory @604800 start=604800"], s.Lines);
        Assert.Equal("p3", s.Signals[0].PatientId);
    }
}
