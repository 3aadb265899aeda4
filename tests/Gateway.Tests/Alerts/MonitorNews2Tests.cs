using System.Text;
using TelemetryGateway.Contracts;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Gateway.Sources.Mqtt;
using TelemetryGateway.Gateway.Tests.Infrastructure;
using TelemetryGateway.Gateway.Tests.Mqtt;
using TelemetryGateway.Storage.EdgeBuffer;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Gateway.Tests.Alerts;

/// <summary>NEWS2's coded parameters (consciousness, supplemental oxygen) as a monitor reports them: monitor JSON
/// published by mosquitto_pub to the embedded broker, decoded, validated and judged by the edge rules.</summary>
public sealed class MonitorNews2Tests : IDisposable
{
    private readonly GatewayFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    /// <summary>One vitals message: every other parameter scores 0 (RR 16, SpO2 97, SBP 125, HR 75, 37.0 °C). The
    /// engine re-scores at each reading, so oxygen (2) comes before consciousness (3) to raise once, at 5.</summary>
    private static byte[] Vitals(string patient, int acvpu, int oxygen) => Encoding.UTF8.GetBytes(
        $$"""
        {"v":1,"time":"2026-11-22T08:15:30.000Z","patient":"{{patient}}","vitals":[
          {"kind":"resp.rate","value":16,"unit":"/min"},{"kind":"spo2","value":97,"unit":"%"},
          {"kind":"bp.systolic","value":125,"unit":"mm[Hg]"},{"kind":"bp.diastolic","value":80,"unit":"mm[Hg]"},
          {"kind":"heart.rate","value":75,"unit":"/min"},{"kind":"body.temperature","value":37.0,"unit":"Cel"},
          {"kind":"oxygen.supplemental","value":{{oxygen}},"unit":"1"},{"kind":"consciousness.acvpu","value":{{acvpu}},"unit":"1"}]}
        """);

    [Fact]
    public async Task A_monitor_reporting_confusion_and_oxygen_raises_news2_at_the_edge()
    {
        var port = TestHub.FreePort();
        await using var gateway = await _fixture.StartAsync(MqttTestData.Options(_fixture,
            new MqttSourceOptions { Listen = $"127.0.0.1:{port}", AllowAnonymous = true }));
        await Eventually.TrueAsync(() =>
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                probe.Connect("127.0.0.1", port);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }
        }, $"the embedded broker listens on {port}");

        // Alert and breathing air: NEWS2 0. New confusion (3) on oxygen (2): aggregate 5 with a single 3.
        await MosquittoPub.PublishOkAsync(port, "ambulance/A3/mon3/vitals", Vitals("amb-calm", acvpu: 0, oxygen: 0));
        await MosquittoPub.PublishOkAsync(port, "ambulance/A4/mon4/vitals", Vitals("amb-confused", acvpu: 1, oxygen: 1));

        // No waiting: mosquitto_pub got its PUBACK after the commit that holds the readings and their signals.
        var items = await gateway.Buffer.ReadBatchAsync(0, null, int.MaxValue, long.MaxValue);
        var signals = items.Where(i => i.DedupKey.StartsWith(AlertSignalMapper.KeyPrefix, StringComparison.Ordinal))
            .Select(i => (i.Priority, Signal: AlertSignalMapper.FromProto(Proto.AlertSignal.Parser.ParseFrom(i.Payload), out _)!)).ToList();
        var (priority, signal) = Assert.Single(signals);
        Assert.Equal(BufferPriority.Alert, priority);
        Assert.Equal((AlertRuleIds.News2, AlertTransition.Raised, AlertSeverity.Urgent, "amb-confused"),
            (signal.RuleId, signal.Transition, signal.Severity, signal.PatientId));
        Assert.Equal(5, signal.Value);
        Assert.StartsWith("NEWS2 5 from 7 of 7 parameters, a single parameter scoring 3", signal.Message, StringComparison.Ordinal);
        // Both coded kinds are stored readings like any vital (unit 1), not unmapped observations.
        var readings = await MqttTestData.BufferedAsync(gateway);
        Assert.Equal(16, readings.Count);
        Assert.Contains(readings, r => r.Reading is { Kind: News2Kinds.Consciousness, Value: 1, Unit: "1", PatientId: "amb-confused" });
        Assert.Contains(readings, r => r.Reading is { Kind: News2Kinds.SupplementalOxygen, Value: 1, Unit: "1", PatientId: "amb-confused" });
    }
}
