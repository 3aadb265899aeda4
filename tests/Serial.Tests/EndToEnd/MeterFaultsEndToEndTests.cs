using TelemetryGateway.Core;
using TelemetryGateway.Serial.Tests.Infrastructure;

namespace TelemetryGateway.Serial.Tests.EndToEnd;

/// <summary>
/// `tgsim meter` on a real pty → `tg gateway` (termios, ASTM receiver, per-meter cursor) → gRPC → a real hub,
/// through every fault the simulator has. The proof is by counting: each patient record at the hub exactly once,
/// control-solution results never, and the gateway's own counters showing each fault was met and survived.
/// </summary>
public sealed class MeterFaultsEndToEndTests
{
    [Fact]
    public async Task Faulty_cable_and_meter_still_deliver_every_patient_record_once_and_no_control_result()
    {
        const string serial = "7390-E2E0001";
        const int records = 40;
        await using var rig = await EndToEndRig.StartAsync();

        // One run of the meter meets, in order: the cable pulled at frame 12 (back after 1 s), silence at frame 12
        // longer than the gateway's receiver timeout, a NAK storm at frame 12 (6 retransmissions, then the meter
        // gives up), then a clean transfer; every third frame has a bad checksum first, and every frame is written
        // in three pieces so the gateway's reads see partial frames. Every 10th result is a control-solution test.
        await using var meter = ToolProcess.Start("tgsim", "meter", "--pty-link", rig.LinkPath, "--records", $"{records}",
            "--serial", serial, "--control-every", "10",
            "--fault", "unplug", "--fault", "silence", "--fault", "nak-storm", "--fault", "bad-checksum", "--fault", "split-frames",
            "--fault-at", "12", "--unplug", "1", "--silence", "3", "--reply-timeout", "5", "--repeat", "0.5");
        await using var gateway = rig.StartGateway("astm", "ReceiverTimeout=00:00:01");

        var patientRecords = Enumerable.Range(1, records).Where(n => n % 10 != 0).Select(n => (long)n).ToList();
        await rig.WaitForHubAsync(serial, patientRecords.Count, gateway, meter);

        // A further complete transfer of the whole memory adds nothing: every result is known as synced.
        var completedBefore = await rig.GatewayCounterAsync("gateway_serial_transfers_completed_total");
        await rig.WaitForCounterAsync("gateway_serial_transfers_completed_total", completedBefore + 1, gateway);

        var stored = await rig.ReadingsAsync(serial);
        Assert.Equal(patientRecords, stored.Select(r => (long)SimulatedMeter.TestNumber(r.Reading)).Order());
        Assert.All(stored, r =>
        {
            Assert.Equal(ReadingKinds.Glucose, r.Reading.Kind);
            Assert.Equal(ReadingSource.Serial, r.Reading.Source);
            Assert.False(r.Reading.Flags.HasFlag(ReadingFlags.ControlSolution));
            // tgsim's memory: record n is 80 + (37 n mod 120) mg/dL, sent in mg/dL, stored in mmol/L.
            var n = SimulatedMeter.TestNumber(r.Reading);
            Assert.Equal(80 + (n * 37 % 120), r.Reading.Reported!.Value.Value);
            Assert.Equal("mg/dL", r.Reading.Reported!.Value.Unit);
            Assert.Equal(new DateTimeOffset(2026, 11, 1, 7, 30, 0, TimeSpan.Zero).AddHours(4 * (n - 1)), r.Reading.MeasuredAt);
            // tgsim's markers: B when n mod 3 = 0, A when 1, none when 2; the meal context reaches the hub.
            var meal = (n % 3) switch { 0 => ReadingFlags.BeforeMeal, 1 => ReadingFlags.AfterMeal, _ => ReadingFlags.None };
            Assert.Equal(meal, r.Reading.Flags & (ReadingFlags.BeforeMeal | ReadingFlags.AfterMeal | ReadingFlags.Fasting));
        });

        // Each fault was met (not just survived by luck) and the resumed sync skipped what was already synced.
        Assert.True(await rig.GatewayCounterAsync("gateway_serial_checksum_errors_total") >= 1);
        Assert.True(await rig.GatewayCounterAsync("gateway_serial_retransmissions_total") >= 7);
        Assert.True(await rig.GatewayCounterAsync("gateway_serial_unplugs_total") >= 1);
        Assert.True(await rig.GatewayCounterAsync("gateway_serial_transfers_aborted_total") >= 3);
        Assert.True(await rig.GatewayCounterAsync("gateway_serial_control_results_total") >= 4);
        Assert.True(await rig.GatewayCounterAsync("gateway_serial_already_synced_total") >= patientRecords.Count);
        Assert.Contains("unplugged", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("back after being unplugged", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("receiver timeout", gateway.Output, StringComparison.Ordinal);
        Assert.Equal(patientRecords.Count, await rig.CountAsync(serial));
    }

    [Fact]
    public async Task Gateway_killed_mid_transfer_and_restarted_resumes_and_the_hub_holds_each_record_once()
    {
        const string serial = "7390-E2E0002";
        const int records = 200;
        await using var rig = await EndToEndRig.StartAsync();

        // A slow meter (20 ms before each frame) and small batches, so the kill lands inside a transfer after some
        // batches were handed over; the meter gives up 2 s after the dead gateway's last ACK and starts over.
        await using var meter = ToolProcess.Start("tgsim", "meter", "--pty-link", rig.LinkPath, "--records", $"{records}",
            "--serial", serial, "--pace", "0.02", "--reply-timeout", "2", "--repeat", "0.5");
        await using (var first = rig.StartGateway("astm", "BatchSize=10"))
        {
            await rig.WaitForHubAsync(serial, 30, first, meter);
            Assert.True(await rig.CountAsync(serial) < records, "the transfer ended before the kill: nothing was cut");
            await first.KillAsync();
        }

        await using var second = rig.StartGateway("astm", "BatchSize=10");
        await rig.WaitForHubAsync(serial, records, second, meter);
        await rig.WaitForCounterAsync("gateway_serial_transfers_completed_total", 1, second);

        var stored = await rig.ReadingsAsync(serial);
        Assert.Equal(Enumerable.Range(1, records), stored.Select(r => SimulatedMeter.TestNumber(r.Reading)).Order());

        // The restarted gateway started from the results the killed one saved as synced: it skipped the records the hub had.
        Assert.True(await rig.GatewayCounterAsync("gateway_serial_already_synced_total") >= 20, second.Output);
        Assert.Equal(records, await rig.CountAsync(serial));
    }

    [Fact]
    public async Task A_second_gateway_cannot_drive_a_meter_the_first_has_open()
    {
        const string serial = "7390-E2E0003";
        await using var rig = await EndToEndRig.StartAsync();
        await using var meter = ToolProcess.Start("tgsim", "meter", "--pty-link", rig.LinkPath, "--records", "5", "--serial", serial, "--repeat", "0.5");
        await using var first = rig.StartGateway("astm");
        await rig.WaitForHubAsync(serial, 5, first, meter);

        // Same device path, another process (its own data directory so only the port is shared).
        var other = ToolProcess.Start("tg", "gateway", "--id", EndToEndRig.GatewayId, "--secret", "x", "--data", Path.Combine(rig.Directory, "other"),
            "--hub", "http://127.0.0.1:9", "--http", "http://127.0.0.1:0", $"--Gateway:Serial:Devices:0:Path={rig.LinkPath}", "--Gateway:Serial:Devices:0:PollInterval=00:00:00.2");
        await using (other)
        {
            await other.WaitForOutputAsync("in use by another process");
        }

        Assert.Equal(5, await rig.CountAsync(serial));
    }
}
