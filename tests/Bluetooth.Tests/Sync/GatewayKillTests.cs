using Microsoft.Extensions.Configuration;
using TelemetryGateway.Bluetooth.Tests.Infrastructure;
using TelemetryGateway.Hub;
using TelemetryGateway.Spine.Tests.Infrastructure;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Bluetooth.Tests.Sync;

/// <summary>`tg gateway` (a separate process) SIGKILLed in the middle of a meter's transfer, twice: the hub ends with records 1..N exactly once.</summary>
public sealed class GatewayKillTests
{
    private const string Secret = "ble kill";
    private const int Records = 1000;

    [Fact]
    public async Task Gateway_SIGKILLed_mid_sync_and_restarted_delivers_records_1_to_N_to_the_hub_exactly_once()
    {
        // 5 ms between records: a 1,000-record transfer lasts seconds, long enough to kill the gateway inside it.
        await using var sim = await SimulatedBlueZ.StartAsync(records: Records, bpRecords: 0, recordIntervalMs: 5);
        var directory = Directory.CreateTempSubdirectory("tg-ble-kill-").FullName;
        var hub = await HubHost.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hub:DataDirectory"] = Path.Combine(directory, "hub"),
            ["Hub:GrpcUrl"] = "http://127.0.0.1:0",
            ["Hub:HttpUrl"] = "http://127.0.0.1:0",
            ["Hub:Gateways:gw-ble-kill:Secret"] = SecretHasher.Hash(Secret),
        }).Build()).WaitAsync(TestTimeout.Default);
        try
        {
            string[] arguments =
            [
                "--id", "gw-ble-kill", "--secret", Secret, "--data", Path.Combine(directory, "gateway"), "--hub", hub.GrpcAddress.ToString(),
                "--http", "http://127.0.0.1:0",
                "--Gateway:Ble:BusAddress=" + sim.Address,
                "--Gateway:Ble:VisitInterval=00:00:00.5",
                "--Gateway:Ble:Devices:0:Address=" + SimulatedBlueZ.MeterAddress,
            ];

            // 1. Killed 250 records into the first visit's transfer (report all).
            await using (var first = GatewayProcess.Start(arguments))
            {
                await sim.WaitForStateAsync(s => (uint)s["RecordsSent"].Value >= 250, "the first gateway's transfer under way");
                await first.KillAsync();
            }

            // 2. Killed again 150 records into the restarted gateway's own transfer (report ≥ cursor + 1). The meter
            // may still be sending to the dead gateway when it connects: it aborts that procedure first.
            await using (var second = GatewayProcess.Start(arguments))
            {
                var state = await sim.WaitForStateAsync(s => ((object[])s["RacpRequests"].Value).Cast<string>().Any(r => r.StartsWith("010301", StringComparison.Ordinal)), "the second gateway's transfer");
                var sent = (uint)state["RecordsSent"].Value;
                await sim.WaitForStateAsync(s => (uint)s["RecordsSent"].Value >= Math.Min(sent + 150, Records + 1), "the second transfer under way");
                Assert.False(second.HasExited, second.Output);
                await second.KillAsync();
            }

            // 3. The third gateway finishes; the hub holds every record once.
            await using var third = GatewayProcess.Start(arguments);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            var query = new ReadingQuery { DeviceId = SimulatedBlueZ.MeterAddress };
            while (await hub.Store.CountAsync(query) < Records)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the hub holds {await hub.Store.CountAsync(query)} of {Records} records:\n{third.Output}");
                await Task.Delay(200);
            }

            await Task.Delay(1500); // further visits add nothing
            var stored = await hub.Store.QueryAsync(new ReadingQuery { DeviceId = SimulatedBlueZ.MeterAddress, Limit = 10 * Records, Order = QueryOrder.OldestFirst });
            Assert.Equal(Enumerable.Range(1, Records).Select(i => (long)i), stored.Select(r => r.Reading.DeviceRecordNumber!.Value).Order());
            Assert.Equal(Records, await hub.Store.CountAsync(query));
        }
        finally
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await hub.StopAsync(grace.Token);
            await hub.DisposeAsync();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Leave it to the temp cleaner.
            }
        }
    }
}
