using System.Net.Http.Json;
using TelemetryGateway.Core;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Alerts;
using TelemetryGateway.Spine.Tests.Infrastructure;

namespace TelemetryGateway.Spine.Tests.Alerts;

/// <summary>A doctor's target set through the hub's API reaches a gateway that is already connected, on its
/// open stream (no reconnect), and the gateway's next judgement uses it: the alert lands at the hub.</summary>
public sealed class ConnectedRulePushTests
{
    private const string GatewayId = "clinic-gw", Patient = "patient-5";

    private static Reading Bp(string kind, double value, DateTimeOffset at, long record) => new()
    {
        Kind = kind,
        Value = value,
        Unit = "mm[Hg]",
        PatientId = Patient,
        DeviceId = "cuff-5",
        Source = ReadingSource.Ble,
        MeasuredAt = at,
        ReceivedAt = DateTimeOffset.UtcNow,
        DeviceRecordNumber = record,
    };

    [Fact]
    public async Task A_patients_target_set_through_the_api_rules_an_already_connected_gateway()
    {
        await using var hub = await SpineHub.StartAsync(GatewayId);
        var data = Directory.CreateTempSubdirectory("tg-spine-gw-").FullName;
        await using var gateway = await AlertSpine.StartGatewayAsync(GatewayId, hub.GrpcAddress, data);
        await AlertSpine.UntilAsync(async () => (await AlertSpine.MetricsAsync(gateway)).Contains("gateway_alert_rules_version 1\n", StringComparison.Ordinal),
            "the gateway connected and applied the hub's default rules (configuration version 1)");

        // 134/82 is below the default 140/90: nothing at the edge.
        var measured = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds());
        await gateway.Sink.AcceptAsync([Bp(ReadingKinds.BpSystolic, 134, measured, 1), Bp(ReadingKinds.BpDiastolic, 82, measured, 1)], default);
        Assert.Contains("gateway_alert_signals_total{transition=\"raised\"} 0\n", await AlertSpine.MetricsAsync(gateway), StringComparison.Ordinal);

        // The doctor sets the patient's target to 130/80 through the API while the gateway stays connected.
        using (var api = hub.CreateApiClient())
        {
            var body = new
            {
                thresholds = new[]
                {
                    new { kind = "bp.systolic", high = 130.0, severity = "warning" },
                    new { kind = "bp.diastolic", high = 80.0, severity = "warning" },
                },
            };
            using var put = await api.PutAsJsonAsync($"/api/alerts/rules/patients/{Patient}", body);
            Assert.True(put.IsSuccessStatusCode, $"PUT rules: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        }
        await AlertSpine.UntilAsync(async () => (await AlertSpine.MetricsAsync(gateway)).Contains("gateway_alert_rules_version 2\n", StringComparison.Ordinal),
            "the connected gateway applied the changed rules (configuration version 2)");
        Assert.Contains("gateway_uplink_reconnects_total 0\n", await AlertSpine.MetricsAsync(gateway), StringComparison.Ordinal);

        // The next measurement, the same 134/82, is now uncontrolled for this patient.
        var later = measured.AddHours(1);
        await gateway.Sink.AcceptAsync([Bp(ReadingKinds.BpSystolic, 134, later, 2), Bp(ReadingKinds.BpDiastolic, 82, later, 2)], default);
        await gateway.WaitUntilDrainedAsync(CancellationToken.None).WaitAsync(AlertSpine.Hang);

        var alert = Assert.Single(await hub.Host.Alerts.ListAsync(AlertFilter.All, 10, default));
        Assert.Equal((AlertRuleIds.Hypertension, AlertSeverity.Warning, Patient, GatewayId, later),
            (alert.RuleId, alert.Severity, alert.PatientId, alert.Origin, alert.EpisodeStart));
        Assert.Equal(134, alert.Value);
        Assert.Contains("gateway_uplink_reconnects_total 0\n", await AlertSpine.MetricsAsync(gateway), StringComparison.Ordinal);
        Directory.Delete(data, recursive: true);
    }
}
