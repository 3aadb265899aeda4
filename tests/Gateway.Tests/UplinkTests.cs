using TelemetryGateway.Core;
using TelemetryGateway.Gateway.Tests.Infrastructure;
using TelemetryGateway.Gateway.Uplink;
using Xunit.Abstractions;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Gateway.Tests;

/// <summary>The uplink against the in-test hub (<see cref="TestHub"/>), which speaks telemetry.proto.</summary>
public sealed class UplinkTests(ITestOutputHelper output) : IDisposable
{
    private readonly GatewayFixture _fixture = new() { Loggers = TestOutputLoggerProvider.Factory(output, Microsoft.Extensions.Logging.LogLevel.Debug) };

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Delivers_every_generated_reading_exactly_once_and_empties_the_buffer()
    {
        await using var hub = await TestHub.StartAsync();
        var options = _fixture.Options(hub.Address, "gen:device=meter-1,count=12000,rate=0", "gen:device=cuff-2,count=3000,rate=0,kind=bp.systolic");
        options.StatusInterval = TimeSpan.FromMilliseconds(100);
        await using var gateway = await _fixture.StartAsync(options);

        await gateway.WaitUntilDrainedAsync(CancellationToken.None).WaitAsync(GatewayFixture.Timeout);

        Assert.Equal(15000, hub.Stored.Count);
        Assert.Equal(0, hub.Duplicates);
        Assert.Equal(Enumerable.Range(1, 12000).Select(i => (long)i), hub.Stored.Values.Where(r => r.DeviceId == "meter-1").Select(r => r.DeviceRecordNumber!.Value).Order());
        Assert.All(hub.Batches, b => Assert.InRange(b.Sequences.Length, 1, 2000));
        // The cuff's synthetic systolic touches 140 once: the edge rules raise one alert, sent and acked with the readings.
        var alerts = Assert.Single(hub.Alerts);
        Assert.Equal("bp.hypertension", alerts.RuleId);
        Assert.Equal((15000L, 15001L, 15001L), (gateway.Metrics.ReadingsAccepted, gateway.Metrics.ReadingsSent, gateway.Metrics.ReadingsAcked));
        Assert.Equal(0, (await gateway.Buffer.GetStatsAsync()).Count);
        Assert.Equal(UplinkState.Connected, gateway.UplinkState);

        var hello = Assert.Single(hub.Hellos);
        Assert.Equal(("gw-test", GatewayFixture.Secret), (hello.GatewayId, hello.Secret));
        Assert.NotEmpty(hello.SoftwareVersion);
        await Eventually.TrueAsync(() => hub.Statuses.Any(s => s.BufferedReadings == 0), "a GatewayStatus reports the empty buffer");
    }

    [Fact]
    public async Task The_device_time_survives_the_edge_buffer_across_a_restart_and_the_uplink()
    {
        // Accepted while the hub is down, so the readings sit in the SQLite buffer (as telemetry.proto payload)
        // through a gateway restart before the uplink sends them.
        var port = TestHub.FreePort();
        var options = _fixture.Options(new Uri($"http://127.0.0.1:{port}"));
        var deviceSaid = new DateTimeOffset(2026, 11, 22, 6, 59, 58, 250, TimeSpan.Zero);
        var audited = GatewayFixture.HeartRate("meter-9", 1) with { DeviceTime = deviceSaid };
        var plain = GatewayFixture.HeartRate("meter-9", 2);
        await using (var first = await _fixture.StartAsync(options))
        {
            await first.Sink.AcceptAsync([audited, plain], CancellationToken.None);
        }

        await using var hub = await TestHub.StartAsync(port);
        await using var gateway = await _fixture.StartAsync(options);
        await gateway.WaitUntilDrainedAsync(CancellationToken.None).WaitAsync(GatewayFixture.Timeout);

        Assert.Equal(2, hub.Stored.Count);
        Assert.Equal(deviceSaid, hub.Stored[audited.Key.ToString()].DeviceTime);
        Assert.Null(hub.Stored[plain.Key.ToString()].DeviceTime);
    }

    [Fact]
    public async Task The_hubs_batch_limit_from_Welcome_caps_the_batches()
    {
        await using var hub = await TestHub.StartAsync();
        hub.MaxBatchReadings = 300;
        await using var gateway = await _fixture.StartAsync(_fixture.Options(hub.Address, "gen:device=m,count=2000,rate=0"));

        await gateway.WaitUntilDrainedAsync(CancellationToken.None).WaitAsync(GatewayFixture.Timeout);

        Assert.Equal(2000, hub.Stored.Count);
        Assert.All(hub.Batches, b => Assert.InRange(b.Sequences.Length, 1, 300));
    }

    [Fact]
    public async Task Acks_delete_exactly_the_acknowledged_and_rejected_sequences()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Acknowledge = sequence => sequence % 3 != 0;
        hub.Reject = reading => reading.Value == 99 ? "OutOfPhysiologicalRange" : null;
        await using var gateway = await _fixture.StartAsync(_fixture.Options(hub.Address));

        var readings = Enumerable.Range(1, 300).Select(i => GatewayFixture.HeartRate("m", i, value: i % 50 == 0 ? 99 : 72)).ToArray();
        var sequences = await gateway.Sink.AcceptAsync(readings, CancellationToken.None);
        var rejected = sequences.Where((_, i) => readings[i].Value == 99).ToHashSet();
        var expectedLeft = sequences.Where(s => s % 3 == 0 && !rejected.Contains(s)).ToArray();

        await Eventually.TrueAsync(() => gateway.Metrics.ReadingsAcked == 300 - expectedLeft.Length, "every ack is applied");

        Assert.Equal(expectedLeft, await GatewayFixture.BufferedSequences(gateway.Buffer));
        Assert.Equal(rejected.Count, gateway.Metrics.HubRejectionsByReason["OutOfPhysiologicalRange"]);
        Assert.Equal(300 - rejected.Count, hub.Stored.Count);
    }

    [Fact]
    public async Task Hub_configuration_binds_devices_to_patients_for_later_readings()
    {
        await using var hub = await TestHub.StartAsync();
        var configuration = new Proto.Configuration { Version = 7 };
        configuration.Bindings.Add(new Proto.DeviceBinding { DeviceId = "cuff-9", PatientId = "P-42", FromUnixMs = 0 });
        hub.ConfigurationAfterWelcome = configuration;
        await using var gateway = await _fixture.StartAsync(_fixture.Options(hub.Address));
        await Eventually.TrueAsync(() => File.Exists(Path.Combine(_fixture.DataDirectory, "hub-configuration.pb")), "the configuration is kept");

        await gateway.Sink.AcceptAsync([GatewayFixture.HeartRate("cuff-9", 1), GatewayFixture.HeartRate("cuff-8", 1)], CancellationToken.None);
        await gateway.WaitUntilDrainedAsync(CancellationToken.None).WaitAsync(GatewayFixture.Timeout);

        Assert.Equal("P-42", hub.Stored["heart.rate|r1|cuff-9"].PatientId);
        Assert.Null(hub.Stored["heart.rate|r1|cuff-8"].PatientId);
    }
}
