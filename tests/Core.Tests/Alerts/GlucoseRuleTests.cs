using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Core.Tests.Alerts;

/// <summary>glucose.low (&lt; 3.9 Warning, &lt; 3.0 Urgent) and glucose.high (&gt; 13.9 Warning, &gt; 16.7 Urgent),
/// mmol/L; hysteresis 0.3 (low) and 1.0 (high); a spot-check high clears only after 7 days of readings past its margin.</summary>
public class GlucoseRuleTests
{
    [Fact]
    public void A_low_hovering_on_3_9_raises_once_and_clears_at_4_2()
    {
        var s = new AlertScenario();
        s.Glucose(0, 3.8);
        s.Glucose(100, 4.0);
        s.Glucose(200, 3.85);
        s.Glucose(300, 4.1);
        s.Glucose(400, 4.3);
        s.Glucose(500, 3.9); // on the line is not below it
        Assert.Equal(
        [
            "glucose.low Raised Warning @0 start=0",
            "glucose.low Cleared Warning @400 start=0",
        ], s.Lines);
    }

    [Fact]
    public void Severe_low_escalates_then_steps_down_past_3_3()
    {
        var s = new AlertScenario();
        s.Glucose(0, 3.5);
        s.Glucose(60, 2.9);
        s.Glucose(120, 3.2);
        s.Glucose(180, 3.4);
        s.Glucose(240, 5.0);
        Assert.Equal(
        [
            "glucose.low Raised Warning @0 start=0",
            "glucose.low Updated Urgent @60 start=0",
            "glucose.low Updated Warning @180 start=0",
            "glucose.low Cleared Warning @240 start=0",
        ], s.Lines);
    }

    private const double Day = 86_400;

    [Fact]
    public void High_and_very_high_step_down_and_clear_only_after_a_week_past_the_margin()
    {
        var s = new AlertScenario();
        s.Glucose(0, 13.9); // on the line is not above it
        s.Glucose(0.5 * Day, 14.5);
        s.Glucose(1 * Day, 13.5);
        s.Glucose(1.5 * Day, 17.0);
        s.Glucose(2 * Day, 16.0); // inside the urgent line's margin (15.7)
        s.Glucose(2.5 * Day, 15.0); // below 15.7: the step down waits out the hold
        s.Glucose(9 * Day, 15.2);
        s.Glucose(9.5 * Day, 15.1); // 7 days after 2.5
        s.Glucose(10 * Day, 12.5);
        s.Glucose(16.5 * Day, 12.0);
        s.Glucose(17 * Day, 12.2); // 7 days after 10
        Assert.Equal(
        [
            "glucose.high Raised Warning @43200 start=43200",
            "glucose.high Updated Urgent @129600 start=43200",
            "glucose.high Updated Warning @820800 start=43200",
            "glucose.high Cleared Warning @1468800 start=43200",
        ], s.Lines);
    }

    /// <summary>tg demo's patient P-1003: a home meter's stored records, morning and evening, hovering between the
    /// high line (13.9) and its clear line (12.9). Judged with no clear hold, the alert was raised at every
    /// reading above 13.9 and cleared at the next one at or below 12.9: five episodes in eight days.</summary>
    [Fact]
    public void A_home_meter_hovering_around_the_high_line_raises_once_and_does_not_flap()
    {
        var s = new AlertScenario();
        double[] twiceDaily = [14.1, 11.9, 13.2, 14.0, 11.9, 12.5, 14.1, 12.2, 13.0, 14.0, 11.9, 12.8, 14.1, 11.8, 12.4, 13.5];
        for (var i = 0; i < twiceDaily.Length; i++)
        {
            s.Glucose(i * Day / 2, twiceDaily[i]);
        }
        Assert.Equal(["glucose.high Raised Warning @0 start=0"], s.Lines);
        Assert.Equal(1, s.Engine.OpenEpisodeCount);

        // A week of readings at or below 12.9 (from day 8) ends it once, at the first reading 7 days on.
        for (var day = 8.0; day <= 15; day += 0.5)
        {
            s.Glucose(day * Day, 11.5);
        }
        Assert.Equal(["glucose.high Raised Warning @0 start=0", "glucose.high Cleared Warning @1296000 start=0"], s.Lines);
    }

    [Fact]
    public void A_reading_back_inside_the_margin_restarts_the_clear_hold()
    {
        var s = new AlertScenario();
        s.Glucose(0, 14.5);
        s.Glucose(1 * Day, 12.0);
        s.Glucose(5 * Day, 13.5); // inside the margin: not in target, the hold starts again
        s.Glucose(6 * Day, 12.0);
        s.Glucose(12 * Day, 12.0); // 11 days after the first good reading, 6 after the restart
        s.Glucose(13 * Day, 12.0);
        Assert.Equal(["glucose.high Raised Warning @0 start=0", "glucose.high Cleared Warning @1123200 start=0"], s.Lines);
    }

    [Fact]
    public void A_low_ends_a_high_at_once()
    {
        var s = new AlertScenario();
        s.Glucose(0, 15.0);
        s.Glucose(Day, 3.5);
        Assert.Equal(
        [
            "glucose.high Raised Warning @0 start=0",
            "glucose.low Raised Warning @86400 start=86400",
            "glucose.high Cleared Warning @86400 start=0",
        ], s.Lines);
    }

    [Fact]
    public void Back_filled_records_older_than_the_last_judged_neither_clear_nor_reopen()
    {
        var s = new AlertScenario();
        s.Glucose(10 * Day, 14.5);
        // A second meter of the same patient syncs older records: out of order, judged by nobody.
        for (var day = 0.0; day < 10; day += 0.5)
        {
            s.Feed(AlertScenario.Spot(ReadingKinds.Glucose, day % 1 == 0 ? 11.0 : 15.0, day * Day, device: "meter-2"));
        }
        Assert.Equal(["glucose.high Raised Warning @864000 start=864000"], s.Lines);
        Assert.Equal(40, s.Engine.OutOfOrderSkips); // the low and the high rule, 20 records each
    }

    [Fact]
    public void A_high_2_mmol_worse_than_the_worst_signalled_is_an_update()
    {
        var s = new AlertScenario();
        s.Glucose(0, 14.0);
        s.Glucose(60, 15.9);
        s.Glucose(120, 16.1);
        Assert.Equal(
        [
            "glucose.high Raised Warning @0 start=0",
            "glucose.high Updated Warning @120 start=0",
        ], s.Lines);
        Assert.Equal(16.1, s.Signals[1].Value);
    }

    [Fact]
    public void A_meter_reporting_mg_per_dL_is_judged_in_mmol_per_L_after_conversion_upstream()
    {
        // 50 mg/dL ÷ 18.016 = 2.775 mmol/L: level 2 hypoglycaemia (< 54 mg/dL, < 3.0 mmol/L).
        var converted = UnitConversion.ToCanonical(ReadingKinds.Glucose, 50, "mg/dL");
        Assert.True(converted.Success);
        var s = new AlertScenario();
        s.Feed(AlertScenario.Spot(ReadingKinds.Glucose, converted.Value.Value, 0, device: "meter-1") with { Reported = new Quantity(50, "mg/dL") });
        // 72 mg/dL = 3.996 mmol/L: above 3.9 but inside the 0.3 hysteresis, so the episode stays; 80 mg/dL = 4.44 clears.
        s.Feed(AlertScenario.Spot(ReadingKinds.Glucose, UnitConversion.ToCanonical(ReadingKinds.Glucose, 72, "mg/dL").Value.Value, 60, device: "meter-1"));
        s.Feed(AlertScenario.Spot(ReadingKinds.Glucose, UnitConversion.ToCanonical(ReadingKinds.Glucose, 80, "mg/dL").Value.Value, 120, device: "meter-1"));
        Assert.Equal(
        [
            "glucose.low Raised Urgent @0 start=0",
            "glucose.low Updated Warning @60 start=0",
            "glucose.low Cleared Warning @120 start=0",
        ], s.Lines);
        Assert.Equal(2.775, s.Signals[0].Value!.Value, 3);
        Assert.Equal("mmol/L", s.Signals[0].Unit);
    }

    [Theory]
    [InlineData(ReadingFlags.ControlSolution)]
    [InlineData(ReadingFlags.SensorMalfunction)]
    [InlineData(ReadingFlags.StripInsertionError)]
    [InlineData(ReadingFlags.SampleSizeInsufficient)]
    [InlineData(ReadingFlags.GeneralDeviceFault)]
    [InlineData(ReadingFlags.SensorTemperatureLow)]
    public void Control_solution_and_failed_measurements_never_alert(ReadingFlags flags)
    {
        var s = new AlertScenario();
        s.Glucose(0, 2.0, flags: flags);
        s.Glucose(60, 25.0, flags: flags | ReadingFlags.DeviceBatteryLow);
        Assert.Empty(s.Signals);
        Assert.Equal(2, s.Engine.ReadingsNotJudged);
        Assert.Equal(0, s.Engine.ReadingsEvaluated);
        Assert.False(AlertEngine.IsPatientData(AlertScenario.Spot(ReadingKinds.Glucose, 5, 0) with { Flags = flags }));
    }

    [Fact]
    public void A_result_below_the_meters_range_is_still_an_urgent_low()
    {
        var s = new AlertScenario();
        s.Glucose(0, 1.1, flags: ReadingFlags.ResultBelowDeviceRange);
        Assert.Equal(["glucose.low Raised Urgent @0 start=0"], s.Lines);
    }

    [Fact]
    public void A_doctors_range_of_4_to_10_overrides_the_warning_lines_of_that_patient()
    {
        var rules = AlertRuleSet.FromThresholds([new(ReadingKinds.Glucose, "p2", 4.0, 10.0, AlertSeverity.Warning)]);
        var s = new AlertScenario(rules);
        s.Glucose(0, 10.5, "p2");
        s.Glucose(0, 10.5, "p1");
        s.Glucose(60, 3.95, "p2");
        s.Glucose(60, 3.95, "p1");
        s.Glucose(120, 2.9, "p2");
        Assert.Equal(
        [
            "glucose.high Raised Warning @0 start=0",
            "glucose.low Raised Warning @60 start=60",
            "glucose.high Cleared Warning @60 start=0",
            "glucose.low Updated Urgent @120 start=60",
        ], s.Lines);
        Assert.All(s.Signals, x => Assert.Equal("p2", x.PatientId));
    }
}
