using Microsoft.Extensions.Configuration;
using TelemetryGateway.Bluetooth.Tests.Infrastructure;
using TelemetryGateway.Gateway;
using TelemetryGateway.Hub;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Bluetooth.Tests.Sync;

/// <summary>
/// The gateway's BLE source (a whole GatewayHost) against the simulated bluetoothd when things go wrong:
/// strangers in range, bluetoothd crashing, the adapter unplugged mid-visit, patients bound at the hub.
/// </summary>
public sealed class GatewayBleFaultTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("tg-ble-faults-").FullName;
    private SimulatedBlueZ? _sim;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Leave it to the temp cleaner.
        }
    }

    private Task<GatewayHost> StartGatewayAsync(string hubUrl = "http://127.0.0.1:1", string? secret = null, bool cuff = false, bool ble = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Id"] = "gw-ble",
            ["Gateway:Secret"] = secret,
            ["Gateway:DataDirectory"] = _data,
            ["Gateway:HubUrl"] = hubUrl, // the default: no hub, readings stay in the buffer
            ["Gateway:HttpUrl"] = "http://127.0.0.1:0",
            ["Gateway:Ble:BusAddress"] = _sim!.Address,
            ["Gateway:Ble:VisitInterval"] = "00:00:00.5",
            ["Gateway:Ble:DiscoveryTimeout"] = "00:00:05",
            ["Gateway:Ble:QuietPeriod"] = "00:00:01",
        };
        if (ble)
        {
            settings["Gateway:Ble:Devices:0:Address"] = SimulatedBlueZ.MeterAddress;
        }

        if (cuff)
        {
            settings["Gateway:Ble:Devices:1:Address"] = SimulatedBlueZ.CuffAddress;
        }

        return GatewayHost.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).WaitAsync(TestTimeout.Default);
    }

    private static async Task<List<Proto.Reading>> BufferedAsync(GatewayHost gateway)
    {
        var items = await gateway.Buffer.ReadBatchAsync(0, null, 10_000, 64 << 20);
        // Readings only: the edge alert signals the gateway raises (a high BP, say) share the buffer.
        return [.. items.Where(i => !i.DedupKey.StartsWith(TelemetryGateway.Contracts.AlertSignalMapper.KeyPrefix, StringComparison.Ordinal))
            .Select(i => Proto.Reading.Parser.ParseFrom(i.Payload))];
    }

    private static async Task<List<Proto.Reading>> WaitForGlucoseAsync(GatewayHost gateway, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var readings = await BufferedAsync(gateway);
            if (readings.Count(r => r.Kind == "glucose") >= count)
            {
                return readings;
            }

            Assert.True(DateTime.UtcNow < deadline, $"buffer holds {readings.Count(r => r.Kind == "glucose")} glucose readings, waiting for {count}");
            await Task.Delay(100);
        }
    }

    private static async Task<string> MetricsAsync(GatewayHost gateway)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(gateway.HttpAddress, "/metrics"));
    }

    private static void AssertGlucoseOnce(List<Proto.Reading> readings, int count) =>
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), readings.Where(r => r.Kind == "glucose").Select(r => r.DeviceRecordNumber).Order());

    [Fact]
    public async Task Devices_not_on_the_allow_list_are_never_connected_and_are_counted()
    {
        _sim = await SimulatedBlueZ.StartAsync(records: 10, bpRecords: 0);
        await using var gateway = await StartGatewayAsync();
        await WaitForGlucoseAsync(gateway, 10);
        await Task.Delay(1200); // more visits: the neighbour's meter and the cuff are still seen, still ignored

        // Both answer the discovery (glucose and BP services), neither is on the allow-list.
        var state = await _sim.StateAsync();
        Assert.Equal(0u, state["StrangerConnects"].Value);
        Assert.Equal(0u, state["CuffConnects"].Value);
        var metrics = await MetricsAsync(gateway);
        Assert.Contains("gateway_ble_ignored_devices_total 2\n", metrics, StringComparison.Ordinal); // distinct devices, not sightings
        Assert.DoesNotContain(SimulatedBlueZ.StrangerAddress, metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(await BufferedAsync(gateway), r => r.DeviceId != SimulatedBlueZ.MeterAddress);
    }

    [Fact]
    public async Task Bluetoothd_crashing_mid_visit_and_restarting_is_retried_with_nothing_missed_or_repeated()
    {
        _sim = await SimulatedBlueZ.StartAsync(records: 200, bpRecords: 0);
        await _sim.ControlAsync("CrashAfterRecords", "u", 60u);
        await using var gateway = await StartGatewayAsync();

        await _sim.WaitForCrashAsync();
        await _sim.RestartAsync(); // bluetoothd back, the meter's memory as it was
        await WaitForGlucoseAsync(gateway, 200);
        await Task.Delay(1200);
        AssertGlucoseOnce(await BufferedAsync(gateway), 200);

        // Records up to 59 were committed when bluetoothd left the bus (60's context never came): the restarted
        // bluetoothd was asked for record 59 again (the anchor), then for ≥ 60.
        var requests = await _sim.RacpRequestsAsync();
        Assert.Equal(["0104013b003b00", "0403013c00", "0103013c00"], requests.Take(3));
        Assert.Contains("gateway_ble_failures_total{reason=\"bluez_gone\"}", await MetricsAsync(gateway), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_adapter_removed_mid_visit_and_plugged_back_is_retried_with_nothing_missed_or_repeated()
    {
        _sim = await SimulatedBlueZ.StartAsync(records: 200, bpRecords: 0);
        await _sim.ControlAsync("RemoveAdapterAfterRecords", "u", 60u);
        await using var gateway = await StartGatewayAsync();

        await _sim.WaitForStateAsync(s => !(bool)s["AdapterPresent"].Value, "the adapter removed mid-transfer");
        await Task.Delay(700); // the gateway finds no adapter for a while
        await _sim.ControlAsync("RestoreAdapter");
        await WaitForGlucoseAsync(gateway, 200);
        await Task.Delay(1200);
        AssertGlucoseOnce(await BufferedAsync(gateway), 200);

        var requests = await _sim.RacpRequestsAsync();
        Assert.Equal(["0401", "0101", "0104013b003b00", "0403013c00", "0103013c00"], requests.Take(5));
        Assert.Contains("gateway_ble_failures_total{reason=\"adapter_lost\"}", await MetricsAsync(gateway), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_meter_reset_is_logged_counted_and_its_new_records_synced_under_new_record_numbers()
    {
        _sim = await SimulatedBlueZ.StartAsync(records: 10, bpRecords: 0);
        await using var gateway = await StartGatewayAsync();
        await WaitForGlucoseAsync(gateway, 10);

        await _sim.ControlAsync("ResetMeter", "u", 4u); // battery change: records 1..4 again, other measurements
        var readings = await WaitForGlucoseAsync(gateway, 14);
        await Task.Delay(1200);
        readings = await BufferedAsync(gateway);
        var expected = Enumerable.Range(1, 10).Select(i => (long)i).Concat(Enumerable.Range(1, 4).Select(i => 65536L + i));
        Assert.Equal(expected, readings.Where(r => r.Kind == "glucose").Select(r => r.DeviceRecordNumber).Order());
        Assert.Contains($"gateway_ble_numbering_restarts_total{{device=\"{SimulatedBlueZ.MeterAddress}\"}} 1\n", await MetricsAsync(gateway), StringComparison.Ordinal);
        Assert.StartsWith("65540 ", await File.ReadAllTextAsync(Path.Combine(_data, "sources", "ble-C0_26_DA_00_00_01.cursor")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Device_patient_bindings_pushed_from_the_hub_apply_to_BLE_readings()
    {
        const string secret = "ble bindings";
        _sim = await SimulatedBlueZ.StartAsync(records: 5, bpRecords: 2);
        var hubDirectory = Path.Combine(_data, "hub");
        var hub = await HubHost.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hub:DataDirectory"] = hubDirectory,
            ["Hub:GrpcUrl"] = "http://127.0.0.1:0",
            ["Hub:HttpUrl"] = "http://127.0.0.1:0",
            ["Hub:Gateways:gw-ble:Secret"] = SecretHasher.Hash(secret),
            ["Hub:Bindings:0:DeviceId"] = SimulatedBlueZ.MeterAddress,
            ["Hub:Bindings:0:PatientId"] = "patient-meter",
            ["Hub:Bindings:1:DeviceId"] = SimulatedBlueZ.CuffAddress,
            ["Hub:Bindings:1:PatientId"] = "patient-cuff",
        }).Build()).WaitAsync(TestTimeout.Default);
        try
        {
            // 1. The gateway meets the hub and takes its Configuration (bindings), kept on disk.
            await using (var online = await StartGatewayAsync(hub.GrpcAddress.ToString(), secret, ble: false))
            {
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
                while (!File.Exists(Path.Combine(_data, "hub-configuration.pb")))
                {
                    Assert.True(DateTime.UtcNow < deadline, "the gateway never stored the hub's bindings");
                    await Task.Delay(50);
                }
            }
        }
        finally
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await hub.StopAsync(grace.Token);
            await hub.DisposeAsync();
        }

        // 2. Offline (the village, no link): what the devices hold gets the bound patients at the gateway itself.
        await using var offline = await StartGatewayAsync(cuff: true);
        var readings = await WaitForGlucoseAsync(offline, 5);
        var deadline2 = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (readings.Count(r => r.Kind == "bp.systolic") < 2)
        {
            Assert.True(DateTime.UtcNow < deadline2, "the cuff's measurements never arrived");
            await Task.Delay(100);
            readings = await BufferedAsync(offline);
        }

        Assert.All(readings.Where(r => r.DeviceId == SimulatedBlueZ.MeterAddress), r => Assert.Equal("patient-meter", r.PatientId));
        Assert.All(readings.Where(r => r.DeviceId == SimulatedBlueZ.CuffAddress), r => Assert.Equal("patient-cuff", r.PatientId));
    }
}
