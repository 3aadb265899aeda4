using TelemetryGateway.Core;
using TelemetryGateway.Gateway.Tests.Infrastructure;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Gateway.Tests.Alerts;

/// <summary>Alerts go ahead of everything else, live vitals included: after a link outage (an ambulance in a
/// tunnel), an alert raised at its end is sent before the vitals buffered during it.</summary>
public sealed class AlertFirstTests : IDisposable
{
    private readonly GatewayFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task An_alert_overtakes_the_live_vitals_buffered_before_it()
    {
        var port = TestHub.FreePort();
        var options = _fixture.Options(new Uri($"http://127.0.0.1:{port}"));
        options.MaxBatchReadings = 100;
        await using var gateway = await _fixture.StartAsync(options);
        var now = DateTimeOffset.UtcNow;
        Reading Vital(int second, double heartRate) => new()
        {
            Kind = ReadingKinds.HeartRate,
            Value = heartRate,
            Unit = "/min",
            PatientId = "amb-1",
            DeviceId = "mon1",
            Source = ReadingSource.Mqtt,
            MeasuredAt = now.AddSeconds(second - 500),
            ReceivedAt = now,
            Priority = ReadingPriority.Live,
        };

        // 500 s of calm heart rate in the tunnel, then 135/min: NEWS2 scores 3 for pulse alone, urgent.
        await gateway.Sink.AcceptAsync([.. Enumerable.Range(0, 500).Select(s => Vital(s, 80)), Vital(500, 135)], CancellationToken.None);

        await using var hub = await TestHub.StartAsync(port);
        await gateway.WaitUntilDrainedAsync(CancellationToken.None).WaitAsync(GatewayFixture.Timeout);
        var alert = Assert.Single(hub.Alerts);
        Assert.Equal(("news2", Proto.AlertSeverity.Urgent), (alert.RuleId, alert.Severity));
        Assert.Equal(501, hub.Stored.Count);
        // The first batch is the alert alone; the vitals follow in batches of at most 100.
        Assert.Equal([Proto.Priority.Alert], hub.Batches[0].Priorities);
        Assert.All(hub.Batches.Skip(1), b => Assert.All(b.Priorities, p => Assert.Equal(Proto.Priority.Live, p)));
    }
}
