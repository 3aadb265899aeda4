using TelemetryGateway.Gateway.Tests.Infrastructure;

namespace TelemetryGateway.Gateway.Tests;

/// <summary>Generators run with no hub reachable: accepting never depends on the link.</summary>
public sealed class GeneratorSourceTests : IDisposable
{
    private readonly GatewayFixture _fixture = new();
    private readonly Uri _nowhere = new($"http://127.0.0.1:{TestHub.FreePort()}");

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Buffers_every_record_and_keeps_its_cursor_so_a_restart_continues_where_it_stopped()
    {
        await using (var gateway = await _fixture.StartAsync(_fixture.Options(_nowhere, "gen:device=meter-1,count=2500,rate=0")))
        {
            await WaitForAcceptedAsync(gateway, 2500);
            Assert.Equal(2500, (await gateway.Buffer.GetStatsAsync()).Count);
        }

        var cursor = Path.Combine(_fixture.DataDirectory, "sources", "gen-meter-1-heart.rate.cursor");
        Assert.Equal("2500", File.ReadAllText(cursor));

        // Same device, more records: only 2501..3000 are new.
        await using (var gateway = await _fixture.StartAsync(_fixture.Options(_nowhere, "gen:device=meter-1,count=3000,rate=0")))
        {
            await WaitForAcceptedAsync(gateway, 500);
            var stats = await gateway.Buffer.GetStatsAsync();
            Assert.Equal((3000L, 0L), (stats.Count, stats.Duplicates));
            Assert.Equal(500, gateway.Metrics.ReadingsAccepted);
        }

        Assert.Equal("3000", File.ReadAllText(cursor));
    }

    [Fact]
    public async Task Paces_readings_at_the_configured_rate()
    {
        var started = DateTimeOffset.UtcNow;
        await using var gateway = await _fixture.StartAsync(_fixture.Options(_nowhere, "gen:device=monitor-1,count=11,rate=20,priority=live,kind=spo2,patient=P-5"));

        await WaitForAcceptedAsync(gateway, 11);

        // Record 1 at once, record 11 at 10 / 20 s = 0.5 s.
        Assert.InRange(DateTimeOffset.UtcNow - started, TimeSpan.FromSeconds(0.45), TimeSpan.FromSeconds(10));
        var items = await gateway.Buffer.ReadBatchAsync(0, null, 100, long.MaxValue);
        Assert.Equal(11, items.Count);
        Assert.All(items, i => Assert.Equal(Storage.EdgeBuffer.BufferPriority.Live, i.Priority));
        Assert.All(items, i => Assert.StartsWith("spo2|r", i.DedupKey));
        Assert.Equal("P-5", Contracts.V1.Reading.Parser.ParseFrom(items[0].Payload).PatientId);
    }

    [Fact]
    public async Task An_unknown_source_fails_the_start_with_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => _fixture.StartFromConfigurationAsync(new()
        {
            ["Gateway:Id"] = "gw",
            ["Gateway:DataDirectory"] = _fixture.DataDirectory,
            ["Gateway:HttpUrl"] = "http://127.0.0.1:0",
            ["Gateway:Sources:0"] = "gen:device=a,count=1,rate=0",
            ["Gateway:Sources:1"] = "serial:/dev/ttyUSB0",
        }));

        Assert.Contains("Unknown source 'serial:/dev/ttyUSB0'", error.Message);
    }

    [Fact]
    public async Task A_missing_id_fails_the_start_with_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(
            () => _fixture.StartFromConfigurationAsync(new() { ["Gateway:DataDirectory"] = _fixture.DataDirectory }));

        Assert.Contains("Gateway:Id is required", error.Message);
    }

    private static async Task WaitForAcceptedAsync(GatewayHost gateway, long count)
    {
        await gateway.WaitForSourcesAsync(CancellationToken.None).WaitAsync(GatewayFixture.Timeout);
        Assert.Equal(count, gateway.Metrics.ReadingsAccepted);
    }
}
