using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Core.Tests.Alerts;

public class AlertRuleSetTests
{
    [Fact]
    public void The_defaults_in_their_flat_form()
    {
        var lines = AlertRuleSet.Default.Thresholds.Select(Describe).ToList();
        Assert.Equal(
        [
            "bp.systolic  <- 140 warning",
            "bp.diastolic  <- 90 warning",
            "bp.systolic  <- 180 urgent",
            "bp.diastolic  <- 110 urgent",
            "glucose 3.9 <- 13.9 warning",
            "glucose 3 <- 16.7 urgent",
            "news2  <- 5 urgent",
            "news2  <- 7 emergency",
            "spo2.sustained-low 90 <-  urgent 00:00:30",
            "spo2.falling  <- 4 urgent 00:05:00",
            "stale.feed  <- 15 urgent 00:00:15",
            "stale.follow-up  <- 7776000 advisory 90.00:00:00",
            "stale.follow-up.uncontrolled  <- 1209600 advisory 14.00:00:00",
        ], lines);
    }

    private static string Describe(AlertThreshold t) =>
        $"{t.Kind} {t.Low} <- {t.High} {AlertSeverityNames.ToName(t.Severity)}{(t.Duration is { } d ? " " + d.ToString() : "")}".Trim();

    [Fact]
    public void Pushing_the_complete_list_again_or_only_the_changes_gives_the_same_set()
    {
        var overrides = new AlertThreshold[]
        {
            new(ReadingKinds.BpSystolic, "p2", null, 130, AlertSeverity.Warning),
            new(ReadingKinds.HeartRate, "p2", 40, 120, AlertSeverity.Warning),
        };
        var fromChanges = AlertRuleSet.FromThresholds(overrides);
        var fromComplete = AlertRuleSet.FromThresholds(fromChanges.Thresholds);
        Assert.Equal(fromChanges.Thresholds, fromComplete.Thresholds);
        Assert.Equal(15, fromChanges.Thresholds.Count);
        Assert.Equal(["p2"], fromChanges.PatientsWithOverrides);
    }

    [Fact]
    public void The_complete_list_without_durations_as_the_proto_carries_it_keeps_every_rule_on()
    {
        var stripped = AlertRuleSet.FromThresholds(AlertRuleSet.Default.Thresholds.Select(t => t with { Duration = null }));
        var s = new AlertScenario(stripped);
        for (var t = 0; t <= 31; t++)
        {
            s.Vital(ReadingKinds.SpO2, 89, t);
        }
        s.Tick(46);
        s.Bp(0, 120, 80);
        s.Tick(90 * 86_400);
        Assert.Equal(
        [
            "news2 Raised Urgent @0 start=0",
            "spo2.sustained-low Raised Urgent @30 start=0",
            "stale.feed Raised Urgent @46 start=31",
            "stale.follow-up Raised Advisory @7776000 start=7776000",
        ], s.Lines);
    }

    [Fact]
    public void A_stale_silence_given_twice_must_agree()
    {
        var entry = new AlertThreshold(AlertRuleIds.StaleFeed, "", null, 15, AlertSeverity.Urgent) { Duration = TimeSpan.FromSeconds(20) };
        Assert.Contains("disagree", AlertRuleSet.Validate(entry), StringComparison.Ordinal);
        Assert.Null(AlertRuleSet.Validate(entry with { High = null }));
        Assert.Null(AlertRuleSet.Validate(entry with { Duration = null }));
    }

    [Fact]
    public void Later_entries_replace_earlier_ones_with_the_same_key()
    {
        var rules = AlertRuleSet.Default
            .With([new(ReadingKinds.BpSystolic, "", null, 135, AlertSeverity.Warning)])
            .With([new(ReadingKinds.BpSystolic, "", null, 145, AlertSeverity.Warning)]);
        var systolic = rules.Thresholds.Where(t => t.Kind == ReadingKinds.BpSystolic).Select(t => (t.High, t.Severity));
        Assert.Equal([(145.0, AlertSeverity.Warning), (180.0, AlertSeverity.Urgent)], systolic.Select(x => ((double)x.High!, x.Severity)));
    }

    [Fact]
    public void A_patients_view_shows_the_override_in_place_of_the_default()
    {
        var rules = AlertRuleSet.FromThresholds([new(ReadingKinds.BpSystolic, "p2", null, 130, AlertSeverity.Warning)]);
        var view = rules.ThresholdsFor("p2").Where(t => t.Kind == ReadingKinds.BpSystolic).ToList();
        Assert.Equal(2, view.Count);
        Assert.Contains(view, t => t is { PatientId: "p2", High: 130, Severity: AlertSeverity.Warning });
        Assert.Contains(view, t => t is { PatientId: "", High: 180, Severity: AlertSeverity.Urgent });
        Assert.Equal(13, rules.ThresholdsFor("someone-else").Count);
    }

    [Theory]
    [InlineData("bp.sys", null, 140.0, "unknown kind")]
    [InlineData("ecg.II", null, 1000.0, "unknown kind")]
    [InlineData("bp.systolic", 90.0, 140.0, "upper lines only")]
    [InlineData("glucose", 10.0, 4.0, "low is above high")]
    [InlineData("news2", 1.0, 5.0, "NEWS2 takes high")]
    [InlineData("spo2.sustained-low", null, null, "takes low (SpO2 %) and duration")]
    [InlineData("heart.rate", double.NaN, 120.0, "finite")]
    public void Invalid_entries_are_refused_with_a_reason(string kind, double? low, double? high, string reason)
    {
        var entry = new AlertThreshold(kind, "p9", low, high, AlertSeverity.Warning) { Duration = kind == "spo2.sustained-low" ? TimeSpan.FromSeconds(-1) : null };
        var error = AlertRuleSet.Validate(entry);
        Assert.NotNull(error);
        Assert.Contains(kind, error, StringComparison.Ordinal);
        Assert.Contains("patient p9", error, StringComparison.Ordinal);
        Assert.False(AlertRuleSet.TryFromThresholds([entry], out var rules, out var tryError));
        Assert.Null(rules);
        Assert.Equal(error, tryError);
        var thrown = Assert.Throws<ArgumentException>(() => AlertRuleSet.FromThresholds([entry]));
        Assert.Contains(error, thrown.Message, StringComparison.Ordinal);
        if (kind != "spo2.sustained-low")
        {
            Assert.Contains(reason, error, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("duration must be positive", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_undefined_severity_is_refused()
    {
        Assert.Contains("severity 9", AlertRuleSet.Validate(new AlertThreshold("glucose", "", 3, null, (AlertSeverity)9)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urgent", AlertSeverity.Urgent)]
    [InlineData("Warning", AlertSeverity.Warning)]
    [InlineData("ALERT_SEVERITY_EMERGENCY", AlertSeverity.Emergency)]
    [InlineData(" advisory ", AlertSeverity.Advisory)]
    public void Severity_names_parse(string text, AlertSeverity expected)
    {
        Assert.True(AlertSeverityNames.TryParse(text, out var severity));
        Assert.Equal(expected, severity);
        Assert.True(AlertSeverityNames.TryParse(AlertSeverityNames.ToName(expected), out var again));
        Assert.Equal(expected, again);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("ALERT_SEVERITY_UNSPECIFIED")]
    [InlineData("critical")]
    public void Unknown_severity_names_do_not_parse(string? text) => Assert.False(AlertSeverityNames.TryParse(text, out _));

    [Fact]
    public void A_plain_threshold_on_another_kind_for_one_patient()
    {
        var rules = AlertRuleSet.FromThresholds([new(ReadingKinds.BodyWeight, "hf-1", null, 80, AlertSeverity.Warning)]);
        var s = new AlertScenario(rules);
        s.Feed(AlertScenario.Spot(ReadingKinds.BodyWeight, 80.5, 0, "hf-1", "scale-1"));
        s.Feed(AlertScenario.Spot(ReadingKinds.BodyWeight, 79.5, 60, "hf-1", "scale-1")); // inside the 1 kg margin
        s.Feed(AlertScenario.Spot(ReadingKinds.BodyWeight, 78.5, 120, "hf-1", "scale-1"));
        s.Feed(AlertScenario.Spot(ReadingKinds.BodyWeight, 90, 0, "p1", "scale-2"));
        Assert.Equal(
        [
            "threshold.body.weight Raised Warning @0 start=0",
            "threshold.body.weight Cleared Warning @120 start=0",
        ], s.Lines);
    }
}
