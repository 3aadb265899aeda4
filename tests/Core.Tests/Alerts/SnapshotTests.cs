using System.Text.Json;
using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Core.Tests.Alerts;

/// <summary>A restarted engine continues the episodes it had signalled instead of raising them again.</summary>
public class SnapshotTests
{
    private const double Day = 86_400;

    [Fact]
    public void Episodes_and_clocks_survive_a_restart_through_json()
    {
        var before = new AlertScenario(AlertRuleSet.FromThresholds([new(ReadingKinds.HeartRate, "p1", null, 100, AlertSeverity.Warning)]));
        before.Bp(0, 150, 95);
        before.Feed(AlertScenario.Spot(ReadingKinds.HeartRate, 110, 0));
        before.Feed(AlertScenario.Spot(ReadingKinds.BpSystolic, 182, 30, device: "cuff-9")); // alone: diastolic unknown
        before.Tick(33);
        before.CalmVitals(40);
        before.Tick(60);
        Assert.Equal(
        [
            "bp.hypertension Raised Warning @0 start=0",
            "threshold.heart.rate Raised Warning @0 start=0",
            "bp.hypertension Updated Urgent @30 start=0",
            "stale.feed Raised Urgent @60 start=40",
        ], before.Lines);

        var json = JsonSerializer.Serialize(before.Engine.Snapshot());
        var snapshot = JsonSerializer.Deserialize<AlertEngineSnapshot>(json)!;
        var after = new AlertScenario(before.Engine.Rules);
        Assert.Equal(0, after.Engine.Restore(snapshot));
        Assert.Equal(before.Engine.OpenEpisodeCount, after.Engine.OpenEpisodeCount);

        after.Bp(20, 200, 130);  // older than what was judged: reopens nothing
        after.Bp(100, 150, 95);  // below urgent: the same episode waits out its week before stepping down
        after.Feed(AlertScenario.Spot(ReadingKinds.HeartRate, 80, 100));
        after.CalmVitals(110);
        after.Tick(14 * Day + 100);
        Assert.Equal(
        [
            "threshold.heart.rate Cleared Warning @100 start=0",
            "stale.feed Cleared Urgent @110 start=40",
            "stale.feed Raised Urgent @1209700 start=110",
            "stale.follow-up Raised Advisory @1209700 start=1209700",
        ], after.Lines);
    }

    [Fact]
    public void Unknown_rules_are_skipped_and_unknown_versions_refused()
    {
        var engine = new AlertEngine();
        var snapshot = new AlertEngineSnapshot
        {
            Episodes = [new AlertEpisodeState("bp.hypotension", "p1", "", AlertSeverity.Warning, AlertScenario.T0, AlertScenario.T0, null, null)],
        };
        Assert.Equal(1, engine.Restore(snapshot));
        Assert.Equal(0, engine.OpenEpisodeCount);
        Assert.Throws<ArgumentException>(() => engine.Restore(snapshot with { Version = 2 }));
    }

    [Fact]
    public void A_glucose_high_waiting_out_its_clear_hold_keeps_waiting_after_a_restart()
    {
        var before = new AlertScenario();
        before.Glucose(0, 15.0);
        before.Glucose(Day, 12.0); // in target: the clear waits 7 days
        var json = JsonSerializer.Serialize(before.Engine.Snapshot());
        var after = new AlertScenario();
        after.Engine.Restore(JsonSerializer.Deserialize<AlertEngineSnapshot>(json)!);

        after.Glucose(5 * Day, 12.0);
        after.Glucose(8 * Day, 12.0); // 7 days after the first reading in target, before the restart
        Assert.Equal(["glucose.high Cleared Warning @691200 start=0"], after.Lines);
    }
}
