using System.Net.Http.Json;
using TelemetryGateway.Contracts;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Tests.Infrastructure;

namespace TelemetryGateway.Hub.Tests.Alerts;

/// <summary>The hub's alert rules reach gateways: in the Configuration after Welcome, and again on an open
/// stream whenever they change through the API.</summary>
public sealed class RulePushTests : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await AlertHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private static List<AlertThreshold> Entries(Contracts.V1.Configuration configuration) =>
        [.. configuration.Thresholds.Select(t => ThresholdMapper.FromProto(t, out _)!)];

    [Fact]
    public async Task A_gateway_gets_the_complete_rules_at_connect_and_every_change_on_the_open_stream()
    {
        await using var gateway = await _hub.ConnectAsync();
        Assert.Equal(1, gateway.Configuration.Version);
        var initial = Entries(gateway.Configuration);
        Assert.Equal(AlertRuleSet.Default.Thresholds, initial);
        // The complete list travels, durations included, so the gateway rebuilds exactly the hub's set.
        Assert.Contains(initial, t => t is { Kind: AlertRuleIds.Spo2SustainedLow, Duration: not null });
        Assert.Equal(AlertRuleSet.Default.Thresholds, AlertRuleSet.FromThresholds(initial).Thresholds);

        var body = new { thresholds = new[] { new { kind = "bp.systolic", low = (double?)null, high = (double?)130, severity = "warning" } } };
        (await _hub.Http.PutAsJsonAsync("/api/alerts/rules/patients/patient-1", body)).EnsureSuccessStatusCode();

        var pushed = (await gateway.ReadAsync()).Configuration;
        Assert.NotNull(pushed);
        Assert.Equal(2, pushed.Version);
        Assert.Contains(Entries(pushed), t => t is { Kind: "bp.systolic", PatientId: "patient-1", High: 130, Severity: AlertSeverity.Warning });
        Assert.Equal(_hub.Host.Alerts.Rules.Thresholds, Entries(pushed));
        Assert.Equal(pushed.Bindings, gateway.Configuration.Bindings);

        // A gateway connecting later starts with the same rules.
        await using var later = await _hub.ConnectAsync(TestHub.Gateway2, TestHub.Secret2);
        Assert.Equal(2, later.Configuration.Version);
        Assert.Equal(Entries(pushed), Entries(later.Configuration));
    }
}
