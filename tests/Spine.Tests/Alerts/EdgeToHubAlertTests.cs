using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Configuration;
using TelemetryGateway.Core;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Gateway;
using TelemetryGateway.Hub.Alerts;
using TelemetryGateway.Spine.Tests.Infrastructure;

namespace TelemetryGateway.Spine.Tests.Alerts;

/// <summary>Issue 8's end-to-end proof: alerts raised by the gateway's rules land in the hub's lifecycle, once.
/// No latency assertion (a loaded CI box would flake): bench/AlertLatencyBench measures it.</summary>
public sealed class EdgeToHubAlertTests
{
    private static readonly TimeSpan Hang = AlertSpine.Hang;

    [Fact]
    public async Task The_deteriorating_ambulance_patient_raises_the_expected_alerts_at_the_hub()
    {
        await using var hub = await SpineHub.StartAsync("amb-gw");
        // A hub rule, pushed to the gateway: the feed is stale after 5 s (default 15 s), to keep the test short.
        var rules = await hub.Host.Alerts.SetThresholdsAsync([new AlertThreshold(AlertRuleIds.StaleFeed, "", null, 5, AlertSeverity.Urgent)], null, default);
        Assert.Null(rules.Error);
        var data = Directory.CreateTempSubdirectory("tg-spine-gw-").FullName;
        var mqtt = AlertSpine.FreePort();
        await using var gateway = await AlertSpine.StartGatewayAsync("amb-gw", hub.GrpcAddress, data, mqtt);
        await AlertSpine.UntilAsync(async () => (await AlertSpine.MetricsAsync(gateway)).Contains("gateway_alert_rules_version 2\n", StringComparison.Ordinal),
            "the gateway applied the hub's rules (configuration version 2)");

        // The monitor publishes 10 minutes of vitals (measured times in the past, sent as fast as they go).
        var lines = AmbulancePatient.VitalsLines(DateTimeOffset.UtcNow.AddSeconds(-700), "amb-7");
        var publish = new ProcessStartInfo("mosquitto_pub") { RedirectStandardInput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-h", "127.0.0.1", "-p", mqtt.ToString(System.Globalization.CultureInfo.InvariantCulture), "-q", "1", "-t", "ambulance/A7/mon7/vitals", "-l", "-i", "monitor-amb-7" })
        {
            publish.ArgumentList.Add(arg);
        }
        using (var process = Process.Start(publish) ?? throw new InvalidOperationException("mosquitto_pub did not start"))
        {
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(lines);
            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(Hang);
            Assert.True(process.ExitCode == 0, $"mosquitto_pub exited {process.ExitCode}: {await error}");
        }

        // Every rule that fires for this patient, and then the silence after the last message.
        string[] expected = [AlertRuleIds.News2, AlertRuleIds.Spo2Falling, AlertRuleIds.Spo2SustainedLow, AlertRuleIds.StaleFeed];
        List<AlertRecord> alerts = [];
        await AlertSpine.UntilAsync(async () =>
        {
            alerts = await hub.Host.Alerts.ListAsync(AlertFilter.All, 100, default);
            return alerts.Count >= expected.Length && alerts.Single(a => a.RuleId == AlertRuleIds.News2).Severity == AlertSeverity.Emergency;
        }, "the hub holds the four alerts with NEWS2 at emergency");
        // The MQTT source runs on, so "drained" is the buffer being empty.
        await AlertSpine.UntilAsync(async () => (await gateway.Buffer.GetStatsAsync()).Count == 0, "the gateway's buffer is empty");

        alerts = await hub.Host.Alerts.ListAsync(AlertFilter.All, 100, default);
        Assert.Equal(expected, alerts.Select(a => a.RuleId).Order(StringComparer.Ordinal));
        Assert.All(alerts, a => Assert.Equal(("amb-7", "mon7", "amb-gw"), (a.PatientId, a.DeviceId, a.Origin)));
        Assert.Equal(
            [(AlertRuleIds.News2, AlertSeverity.Emergency), (AlertRuleIds.Spo2Falling, AlertSeverity.Urgent),
             (AlertRuleIds.Spo2SustainedLow, AlertSeverity.Urgent), (AlertRuleIds.StaleFeed, AlertSeverity.Urgent)],
            alerts.OrderBy(a => a.RuleId, StringComparer.Ordinal).Select(a => (a.RuleId, a.Severity)));
        var news2 = alerts.Single(a => a.RuleId == AlertRuleIds.News2);
        Assert.Equal(13, news2.Value); // RR 30 (3) + SpO2 86 (3) + SBP 85 (3) + pulse 135 (3) + temperature 38.4 (1)

        // Raised once per rule (NEWS2 then updated from urgent to emergency), never cleared or re-raised.
        var audit = await hub.Host.Alerts.AuditAsync(AlertFilter.All, null, 0, 1000, default);
        foreach (var rule in expected)
        {
            Assert.Single(audit, c => c.Alert.RuleId == rule && c.Action == "raised");
        }
        // The clinical episodes never flap. (stale.feed may: a loaded machine can pause the publisher for 5 s.)
        Assert.DoesNotContain(audit, c => c.Alert.RuleId != AlertRuleIds.StaleFeed && c.Action is "recurred" or "cleared");
        Assert.Equal(AlertSeverity.Urgent, audit.First(c => c.Alert.RuleId == AlertRuleIds.News2).Alert.Severity);
        Assert.Equal(601 * 8, await hub.Host.Store.CountAsync(new Storage.SeriesStore.ReadingQuery { DeviceId = "mon7" }));
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task An_offline_gateway_raises_locally_and_the_hub_gets_the_alert_once_after_reconnect()
    {
        await using var hub = await SpineHub.StartAsync("village-gw");
        await hub.StopAsync();
        var data = Directory.CreateTempSubdirectory("tg-spine-gw-").FullName;
        var measured = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds());
        Reading Bp(string kind, double value, DateTimeOffset at, long record) => new()
        {
            Kind = kind,
            Value = value,
            Unit = "mm[Hg]",
            PatientId = "patient-9",
            DeviceId = "cuff-9",
            Source = ReadingSource.Ble,
            MeasuredAt = at,
            ReceivedAt = DateTimeOffset.UtcNow,
            DeviceRecordNumber = record,
        };

        // The link is down: the gateway raises the alert itself, and a restart in between changes nothing.
        await using (var offline = await AlertSpine.StartGatewayAsync("village-gw", hub.GrpcAddress, data))
        {
            await offline.Sink.AcceptAsync([Bp(ReadingKinds.BpSystolic, 186, measured, 1), Bp(ReadingKinds.BpDiastolic, 112, measured, 1)], default);
            Assert.Contains("gateway_alert_signals_total{transition=\"raised\"} 1\n", await AlertSpine.MetricsAsync(offline), StringComparison.Ordinal);
        }
        await using var gateway = await AlertSpine.StartGatewayAsync("village-gw", hub.GrpcAddress, data);
        await gateway.Sink.AcceptAsync([Bp(ReadingKinds.BpSystolic, 186, measured, 1), Bp(ReadingKinds.BpDiastolic, 112, measured, 1)], default);
        Assert.Contains("gateway_alert_signals_total{transition=\"raised\"} 0\n", await AlertSpine.MetricsAsync(gateway), StringComparison.Ordinal);

        await hub.RestartAsync();
        await gateway.WaitUntilDrainedAsync(CancellationToken.None).WaitAsync(Hang);
        var alert = Assert.Single(await hub.Host.Alerts.ListAsync(AlertFilter.All, 10, default));
        Assert.Equal((AlertRuleIds.Hypertension, AlertSeverity.Urgent, "patient-9", "village-gw"), (alert.RuleId, alert.Severity, alert.PatientId, alert.Origin));
        Assert.Equal(measured, alert.EpisodeStart);

        // The next measurement, online, continues the same alert.
        var later = measured.AddMinutes(30);
        await gateway.Sink.AcceptAsync([Bp(ReadingKinds.BpSystolic, 199, later, 2), Bp(ReadingKinds.BpDiastolic, 118, later, 2)], default);
        await gateway.WaitUntilDrainedAsync(CancellationToken.None).WaitAsync(Hang);
        alert = Assert.Single(await hub.Host.Alerts.ListAsync(AlertFilter.All, 10, default));
        Assert.Equal(199, alert.Value);
        var audit = await hub.Host.Alerts.AuditAsync(AlertFilter.All, alert.Id, 0, 100, default);
        Assert.Equal(["raised", "updated"], audit.Select(c => c.Action));
        Assert.Equal(4, await hub.Host.Store.CountAsync(new Storage.SeriesStore.ReadingQuery { DeviceId = "cuff-9" }));
        Directory.Delete(data, recursive: true);
    }
}
