using TelemetryGateway.Serial.Tests.Infrastructure;

namespace TelemetryGateway.Serial.Tests.EndToEnd;

/// <summary>
/// `tgsim meter` numbers its results by position, as a Contour does, while its memory wraps or is cleared between
/// syncs → `tg gateway` on a real pty → a real hub: every test the patient took reaches the hub exactly once,
/// although positions shift or restart at 1 (the sequence numbers alone would have made the gateway skip them
/// and the hub drop them as duplicates).
/// </summary>
public sealed class MeterMemoryEndToEndTests
{
    [Fact]
    public async Task A_full_memory_that_drops_its_oldest_results_between_syncs_loses_nothing_at_the_hub()
    {
        const string serial = "7390-E2E0010";
        await using var rig = await EndToEndRig.StartAsync();

        // A memory of 20, full: after each of the first 3 complete transfers the patient takes 7 new tests, the
        // meter drops its 7 oldest and every position moves down by 7. Tests 1..41 in all; the last memory holds 22..41.
        await using var meter = ToolProcess.Start("tgsim", "meter", "--pty-link", rig.LinkPath, "--records", "20", "--serial", serial,
            "--capacity", "20", "--new-per-transfer", "7", "--transfers-with-new", "3", "--repeat", "0.3");
        await using var gateway = rig.StartGateway("astm");

        await rig.WaitForHubAsync(serial, 41, gateway, meter);
        // Two more complete transfers of the settled memory: nothing new, nothing twice.
        await rig.WaitForCounterAsync("gateway_serial_transfers_completed_total", 5, gateway);

        var stored = await rig.ReadingsAsync(serial);
        Assert.Equal(Enumerable.Range(1, 41), stored.Select(r => SimulatedMeter.TestNumber(r.Reading)).Order());
        Assert.Equal(41, await rig.CountAsync(serial));
        Assert.Equal(0, await rig.GatewayCounterAsync("gateway_serial_meter_memory_reset_total"));
        Assert.True(await rig.GatewayCounterAsync("gateway_serial_already_synced_total") >= (13 * 3) + 20, gateway.Output);
    }

    [Fact]
    public async Task A_memory_cleared_between_syncs_has_its_new_results_at_the_hub_once()
    {
        const string serial = "7390-E2E0011";
        await using var rig = await EndToEndRig.StartAsync();

        // 10 tests synced, then the memory cleared; 3 new tests after each of the first 2 transfers: the second
        // transfer holds tests 11..13 at positions 1..3, the third 11..16 at positions 1..6.
        await using var meter = ToolProcess.Start("tgsim", "meter", "--pty-link", rig.LinkPath, "--records", "10", "--serial", serial,
            "--clear-after", "1", "--new-per-transfer", "3", "--transfers-with-new", "2", "--repeat", "0.3");
        await using var gateway = rig.StartGateway("astm");

        await rig.WaitForHubAsync(serial, 16, gateway, meter);
        await rig.WaitForCounterAsync("gateway_serial_transfers_completed_total", 4, gateway);

        var stored = await rig.ReadingsAsync(serial);
        Assert.Equal(Enumerable.Range(1, 16), stored.Select(r => SimulatedMeter.TestNumber(r.Reading)).Order());
        Assert.Equal(16, await rig.CountAsync(serial));
        // The clear was noticed (the second transfer shared nothing with the first) and reported, once.
        Assert.Equal(1, await rig.GatewayCounterAsync("gateway_serial_meter_memory_reset_total"));
        Assert.Contains("its memory was cleared", gateway.Output, StringComparison.Ordinal);
    }
}
