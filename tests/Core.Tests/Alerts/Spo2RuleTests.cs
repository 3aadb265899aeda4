using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Core.Tests.Alerts;

/// <summary>spo2.sustained-low (&lt; 90 % for 30 s) and spo2.falling (down ≥ 4 points within 5 minutes).</summary>
public class Spo2RuleTests
{
    // NEWS2 and the fall rule off, to see the sustained rule alone.
    private static AlertRuleSet SustainedOnly() => AlertRuleSet.FromThresholds(
    [
        new(AlertRuleIds.News2, "", null, null, AlertSeverity.Urgent),
        new(AlertRuleIds.News2, "", null, null, AlertSeverity.Emergency),
        new(AlertRuleIds.Spo2Falling, "", null, null, AlertSeverity.Urgent),
    ]);

    [Fact]
    public void Below_90_for_30_s_raises_with_the_start_of_the_run_and_clears_30_s_after_92()
    {
        var s = new AlertScenario(SustainedOnly());
        s.Vital(ReadingKinds.SpO2, 95, 0);
        for (var t = 1; t <= 40; t++)
        {
            s.Vital(ReadingKinds.SpO2, 89, t);
        }
        for (var t = 41; t <= 49; t++)
        {
            s.Vital(ReadingKinds.SpO2, 91, t); // above the line, inside the margin: still the episode
        }
        for (var t = 50; t <= 85; t++)
        {
            s.Vital(ReadingKinds.SpO2, 93, t);
        }
        Assert.Equal(
        [
            "spo2.sustained-low Raised Urgent @31 start=1",
            "spo2.sustained-low Cleared Urgent @80 start=1",
        ], s.Lines);
    }

    [Fact]
    public void Hovering_on_90_is_not_sustained()
    {
        var s = new AlertScenario(SustainedOnly());
        for (var t = 0; t <= 120; t++)
        {
            s.Vital(ReadingKinds.SpO2, t % 2 == 0 ? 89 : 90, t);
        }
        Assert.Empty(s.Signals);
    }

    [Fact]
    public void A_gap_longer_than_the_stale_limit_restarts_the_run()
    {
        var s = new AlertScenario(SustainedOnly());
        for (var t = 0; t <= 10; t++)
        {
            s.Vital(ReadingKinds.SpO2, 88, t);
        }
        for (var t = 30; t <= 65; t++) // 20 s without a reading: nobody knows what happened in between
        {
            s.Vital(ReadingKinds.SpO2, 88, t);
        }
        Assert.Equal(["spo2.sustained-low Raised Urgent @60 start=30"], s.Lines);
    }

    [Fact]
    public void Three_points_worse_is_an_update()
    {
        var s = new AlertScenario(SustainedOnly());
        for (var t = 0; t <= 30; t++)
        {
            s.Vital(ReadingKinds.SpO2, 89, t);
        }
        s.Vital(ReadingKinds.SpO2, 87, 31);
        s.Vital(ReadingKinds.SpO2, 86, 32);
        Assert.Equal(
        [
            "spo2.sustained-low Raised Urgent @30 start=0",
            "spo2.sustained-low Updated Urgent @32 start=0",
        ], s.Lines);
        Assert.Equal(86, s.Signals[1].Value);
    }

    [Fact]
    public void A_fall_of_4_points_within_5_minutes_raises_from_the_highest_reading_and_clears_when_steady()
    {
        var s = new AlertScenario();
        s.Vital(ReadingKinds.SpO2, 98, 0);
        s.Vital(ReadingKinds.SpO2, 97, 60);
        s.Vital(ReadingKinds.SpO2, 96, 120);
        s.Vital(ReadingKinds.SpO2, 95, 180);
        s.Vital(ReadingKinds.SpO2, 94, 240);
        for (var t = 250; t <= 500; t += 10)
        {
            s.Vital(ReadingKinds.SpO2, 94, t);
        }
        Assert.Equal(
        [
            "spo2.falling Raised Urgent @240 start=0",
            "spo2.falling Cleared Urgent @460 start=0",
        ], s.Lines);
    }

    [Fact]
    public void A_slow_drift_of_3_points_per_5_minutes_is_not_a_fall()
    {
        var s = new AlertScenario();
        for (var step = 0; step <= 6; step++)
        {
            s.Vital(ReadingKinds.SpO2, 98 - step, step * 100);
        }
        Assert.Empty(s.Signals);
    }
}
