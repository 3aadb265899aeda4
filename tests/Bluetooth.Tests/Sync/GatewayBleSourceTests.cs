using System.Globalization;
using Microsoft.Extensions.Configuration;
using TelemetryGateway.Bluetooth.Tests.Infrastructure;
using TelemetryGateway.Gateway;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Bluetooth.Tests.Sync;

/// <summary>
/// A whole gateway (GatewayHost from configuration) with Gateway:Ble pointed at the simulated BlueZ: its
/// buffer ends up with every stored record once, skew-corrected, bound to the configured patient.
/// </summary>
public sealed class GatewayBleSourceTests : IAsyncLifetime
{
    private const double ClockAheadSeconds = 7200;
    private SimulatedBlueZ _sim = null!;
    private string _data = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatedBlueZ.StartAsync(records: 50, bpRecords: 3, clockOffsetSeconds: ClockAheadSeconds);
        _data = Directory.CreateTempSubdirectory("tg-ble-gateway-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _sim.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Leave it to the temp cleaner.
        }
    }

    private Task<GatewayHost> StartGatewayAsync() => GatewayHost.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Gateway:Id"] = "gw-ble",
        ["Gateway:DataDirectory"] = _data,
        ["Gateway:HubUrl"] = "http://127.0.0.1:1", // no hub: readings stay in the buffer
        ["Gateway:HttpUrl"] = "http://127.0.0.1:0",
        ["Gateway:Ble:BusAddress"] = _sim.Address,
        ["Gateway:Ble:VisitInterval"] = "00:00:00.5",
        ["Gateway:Ble:DiscoveryTimeout"] = "00:00:05",
        ["Gateway:Ble:QuietPeriod"] = "00:00:01",
        ["Gateway:Ble:Devices:0:Address"] = SimulatedBlueZ.MeterAddress,
        ["Gateway:Ble:Devices:0:PatientId"] = "patient-7",
        ["Gateway:Ble:Devices:1:Address"] = SimulatedBlueZ.CuffAddress,
        ["Gateway:Ble:Devices:1:Profile"] = "bp",
    }).Build()).WaitAsync(TestTimeout.Default);

    private static async Task<List<Proto.Reading>> BufferedAsync(GatewayHost gateway)
    {
        var items = await gateway.Buffer.ReadBatchAsync(0, null, 10_000, 64 << 20);
        // Readings only: the edge alert signals the gateway raises (a high BP, say) share the buffer.
        return [.. items.Where(i => !i.DedupKey.StartsWith(TelemetryGateway.Contracts.AlertSignalMapper.KeyPrefix, StringComparison.Ordinal))
            .Select(i => Proto.Reading.Parser.ParseFrom(i.Payload))];
    }

    private static async Task<List<Proto.Reading>> WaitForAsync(GatewayHost gateway, Func<List<Proto.Reading>, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (true)
        {
            var readings = await BufferedAsync(gateway);
            if (done(readings))
            {
                return readings;
            }

            Assert.True(DateTime.UtcNow < deadline, $"buffer holds {readings.Count} readings: not what the test waits for");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Stored_records_reach_the_buffer_once_with_corrected_times_and_the_patient()
    {
        await using var gateway = await StartGatewayAsync();
        var readings = await WaitForAsync(gateway, r => r.Count(x => x.Kind == "glucose") >= 50 && r.Count(x => x.Kind == "bp.systolic") >= 3);

        var glucose = readings.Where(r => r.Kind == "glucose").ToList();
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), glucose.Select(r => r.DeviceRecordNumber).Order());
        Assert.All(glucose, r =>
        {
            Assert.Equal("patient-7", r.PatientId);
            Assert.Equal(SimulatedBlueZ.MeterAddress, r.DeviceId);
            Assert.Equal(Proto.Source.Ble, r.Source);
        });

        // The meter's clock ran two hours ahead; record 50 was measured 30 min before the simulator started.
        var newest = DateTimeOffset.FromUnixTimeMilliseconds(glucose.Single(r => r.DeviceRecordNumber == 50).MeasuredUnixMs);
        Assert.InRange((newest - (_sim.RecordsDatedFrom - TimeSpan.FromMinutes(30))).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(3));

        var systolic = readings.Where(r => r.Kind == "bp.systolic").ToList();
        Assert.Equal(3, systolic.Count);
        Assert.All(systolic, r => Assert.Equal("", r.PatientId)); // no configured patient, no hub bindings

        // The next visit: three new records on the meter, exactly three more readings.
        await _sim.ControlAsync("AddGlucoseRecords", "u", 3u);
        readings = await WaitForAsync(gateway, r => r.Count(x => x.Kind == "glucose") >= 53);
        await Task.Delay(1500); // two more visits: nothing may be added
        readings = await BufferedAsync(gateway);
        Assert.Equal(Enumerable.Range(1, 53).Select(i => (long)i), readings.Where(r => r.Kind == "glucose").Select(r => r.DeviceRecordNumber).Order());
        Assert.Equal(3, readings.Count(r => r.Kind == "bp.systolic"));

        var cursorFile = Path.Combine(_data, "sources", "ble-C0_26_DA_00_00_01.cursor");
        Assert.StartsWith("53 023500", await File.ReadAllTextAsync(cursorFile), StringComparison.Ordinal); // record 53, then its bytes: flags 0x02, sequence 53

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(gateway.HttpAddress, "/metrics"));
        Assert.Contains("gateway_ble_records_total{device=\"C0:26:DA:00:00:01\"} 53", metrics, StringComparison.Ordinal);
        Assert.Contains("gateway_ble_clock_sets_total 1", metrics, StringComparison.Ordinal);
        var offsetLine = metrics.Split('\n').Single(l => l.StartsWith("gateway_ble_clock_offset_seconds{device=\"C0:26:DA:00:00:02\"}", StringComparison.Ordinal));
        Assert.InRange(double.Parse(offsetLine.Split(' ')[1], CultureInfo.InvariantCulture), -ClockAheadSeconds - 2, -ClockAheadSeconds + 2);
    }

    [Fact]
    public async Task A_restarted_gateway_continues_from_its_persisted_cursor()
    {
        await using (var gateway = await StartGatewayAsync())
        {
            await WaitForAsync(gateway, r => r.Count(x => x.Kind == "glucose") >= 50);
        }

        await _sim.ControlAsync("AddGlucoseRecords", "u", 3u);
        await using var restarted = await StartGatewayAsync();
        await WaitForAsync(restarted, r => r.Count(x => x.Kind == "glucose") >= 53);
        var requests = ((object[])(await _sim.StateAsync())["RacpRequests"].Value).Cast<string>().ToList();
        // The restarted gateway asked for records from 51 (0x33), not from the start.
        Assert.Contains("0103013300", requests);
        Assert.Equal(1, requests.Count(r => r == "0101"));
    }
}
