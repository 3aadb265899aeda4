using System.Net;
using Microsoft.Extensions.Configuration;
using TelemetryGateway.Core;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.FirmwareSim.Monitor;
using TelemetryGateway.Gateway;
using TelemetryGateway.Hub.Alerts;
using TelemetryGateway.Spine.Tests.Infrastructure;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Spine.Tests.Alerts;

/// <summary>
/// Issue 8's proof with the real simulator: `tgsim monitor` (its own process, the firmware-sim patient model)
/// publishes to the embedded broker of an in-process gateway, whose rules raise alerts that land at a real hub.
/// Unlike EdgeToHubAlertTests, nothing of the patient is restated here: the expected NEWS2 comes from scoring
/// the model's own final vitals. No latency assertion, only a hang timeout.
/// </summary>
public sealed class SimulatedAmbulanceAlertTests
{
    private static readonly TimeSpan Hang = AlertSpine.Hang;

    // 90 simulated seconds at 6×: about 15 s of wall clock. Stable for 5 s, deteriorating over 60 s, then 25 s
    // fully shocked: longer than spo2.sustained-low's 30 s below 90 % (crossed around second 40).
    private const int Duration = 90, Onset = 5, Deterioration = 60, SpeedUp = 6;
    private const string Patient = "P-SIM-AMB", Device = "mon-sim", GatewayId = "sim-amb-gw";

    [Fact]
    public async Task The_simulated_deteriorating_ambulance_patient_raises_the_expected_alerts_at_the_hub()
    {
        await using var hub = await SpineHub.StartAsync(GatewayId);
        // A hub rule, pushed to the gateway: the feed is stale 5 s after the monitor stops (default 15 s).
        var rules = await hub.Host.Alerts.SetThresholdsAsync([new AlertThreshold(AlertRuleIds.StaleFeed, "", null, 5, AlertSeverity.Urgent)], null, default);
        Assert.Null(rules.Error);
        var data = Directory.CreateTempSubdirectory("tg-spine-gw-").FullName;
        var mqtt = AlertSpine.FreePort();
        await using var gateway = await AlertSpine.StartGatewayAsync(GatewayId, hub.GrpcAddress, data, mqtt);
        await AlertSpine.UntilAsync(async () => (await AlertSpine.MetricsAsync(gateway)).Contains("gateway_alert_rules_version 2\n", StringComparison.Ordinal),
            "the gateway applied the hub's rules (configuration version 2)");

        await using var monitor = MonitorSimProcess.Start(
            "--broker", $"127.0.0.1:{mqtt}", "--unit", "A9", "--device", Device, "--patient", Patient, "--format", "json", "--qos", "1",
            "--duration", $"{Duration}", "--speed-up", $"{SpeedUp}", "--onset", $"{Onset}", "--deterioration", $"{Deterioration}");
        var published = await monitor.WaitForCountsAsync(Hang);
        var vitals = published["vitals"];
        Assert.Equal(Duration, vitals); // one a second, every one acknowledged

        // Every acknowledged vitals message is stored at the hub: one reading of each of its six kinds.
        string[] kinds = [ReadingKinds.HeartRate, ReadingKinds.SpO2, ReadingKinds.BpSystolic, ReadingKinds.BpDiastolic, ReadingKinds.BpMean, ReadingKinds.RespRate];
        foreach (var kind in kinds)
        {
            await AlertSpine.UntilAsync(async () => await hub.Host.Store.CountAsync(new ReadingQuery { DeviceId = Device, Kind = kind }) >= vitals,
                $"the hub holds {vitals} {kind} readings of {Device}");
        }

        // What the model's final second scores (its noise is a function of the second, so this is exact):
        // four parameters, each at the chart's worst band once the patient is fully deteriorated.
        var last = new PatientModel(TimeSpan.FromSeconds(Onset), TimeSpan.FromSeconds(Deterioration)).At(TimeSpan.FromSeconds(Duration - 1));
        var finalScore = News2Chart.RespirationRate(last.RespiratoryRate) + News2Chart.Spo2Scale1(last.SpO2)
            + News2Chart.SystolicBloodPressure(last.Systolic) + News2Chart.Pulse(last.HeartRate);
        Assert.Equal(12, finalScore);
        Assert.True(finalScore >= News2Chart.EmergencyAggregate);

        // Every rule that fires for this patient, and then the silence after the monitor stopped.
        string[] expected = [AlertRuleIds.News2, AlertRuleIds.Spo2Falling, AlertRuleIds.Spo2SustainedLow, AlertRuleIds.StaleFeed];
        List<AlertRecord> alerts = [];
        await AlertSpine.UntilAsync(async () =>
        {
            alerts = await hub.Host.Alerts.ListAsync(AlertFilter.All, 100, default);
            return alerts.Count >= expected.Length && alerts.Any(a => a.RuleId == AlertRuleIds.News2 && a.Severity == AlertSeverity.Emergency);
        }, "the hub holds the four alerts with NEWS2 at emergency");
        await AlertSpine.UntilAsync(async () => (await gateway.Buffer.GetStatsAsync()).Count == 0, "the gateway's buffer is empty");

        alerts = await hub.Host.Alerts.ListAsync(AlertFilter.All, 100, default);
        Assert.Equal(
            [(AlertRuleIds.News2, AlertSeverity.Emergency), (AlertRuleIds.Spo2Falling, AlertSeverity.Urgent),
             (AlertRuleIds.Spo2SustainedLow, AlertSeverity.Urgent), (AlertRuleIds.StaleFeed, AlertSeverity.Urgent)],
            alerts.OrderBy(a => a.RuleId, StringComparer.Ordinal).Select(a => (a.RuleId, a.Severity)));
        Assert.All(alerts, a => Assert.Equal((Device, GatewayId), (a.DeviceId, a.Origin)));
        // Every alert names the patient, stale.feed too: the monitor's last messages (ECG chunk, position, status)
        // carry no patient, and the engine keeps the one the device's vitals named, so the silence reaches its carers.
        Assert.All(alerts, a => Assert.Equal(Patient, a.PatientId));
        // NEWS2 is signalled again only when 2 points worse than what the hub holds, so it holds the final
        // score or one less (with this seed the aggregate was signalled at 5, 7, 9 and 11: the hub holds 11).
        var news2 = alerts.Single(a => a.RuleId == AlertRuleIds.News2);
        Assert.InRange(news2.Value ?? -1, finalScore - (AlertEngine.News2WorseStep - 1), finalScore);

        // Raised once per rule (NEWS2 first at urgent, then escalated), never cleared or re-raised.
        var audit = await hub.Host.Alerts.AuditAsync(AlertFilter.All, null, 0, 1000, default);
        foreach (var rule in expected)
        {
            Assert.Single(audit, c => c.Alert.RuleId == rule && c.Action == AlertActions.Raised);
        }
        // The clinical episodes never flap. (stale.feed may: a loaded machine can pause the monitor for 5 s.)
        Assert.DoesNotContain(audit, c => c.Alert.RuleId != AlertRuleIds.StaleFeed && c.Action is AlertActions.Recurred or AlertActions.Cleared);
        var news2Steps = audit.Where(c => c.Alert.RuleId == AlertRuleIds.News2).Select(c => (c.Alert.Severity, c.Alert.Value ?? -1)).ToList();
        Assert.Equal(AlertSeverity.Urgent, news2Steps[0].Severity);
        Assert.Equal(AlertSeverity.Emergency, news2Steps[^1].Severity);
        Assert.All(news2Steps.Zip(news2Steps.Skip(1)), pair => Assert.True(pair.Second.Item2 >= pair.First.Item2 + AlertEngine.News2WorseStep,
            $"NEWS2 signalled {pair.First.Item2} then {pair.Second.Item2}"));

        // Nothing beyond what the monitor acknowledged (the store's key rules out duplicates).
        foreach (var kind in kinds)
        {
            Assert.Equal(vitals, await hub.Host.Store.CountAsync(new ReadingQuery { DeviceId = Device, Kind = kind }));
        }
        Directory.Delete(data, recursive: true);
    }
}
