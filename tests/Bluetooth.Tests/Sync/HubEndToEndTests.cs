using Microsoft.Extensions.Configuration;
using TelemetryGateway.Bluetooth.Tests.Infrastructure;
using TelemetryGateway.Core;
using TelemetryGateway.Gateway;
using TelemetryGateway.Hub;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Bluetooth.Tests.Sync;

/// <summary>
/// Simulated meter and cuff → gateway (BLE source) → gRPC → a real hub: every record stored once at the
/// hub, with the device clock's skew taken out of the measured times.
/// </summary>
public sealed class HubEndToEndTests : IAsyncLifetime
{
    private const string Secret = "ble end to end";
    private const double ClockBehindSeconds = -5400; // the devices' clocks run 90 minutes slow
    private SimulatedBlueZ _sim = null!;
    private string _directory = null!;
    private HubHost _hub = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatedBlueZ.StartAsync(records: 50, bpRecords: 3, clockOffsetSeconds: ClockBehindSeconds);
        _directory = Directory.CreateTempSubdirectory("tg-ble-e2e-").FullName;
        _hub = await HubHost.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hub:DataDirectory"] = Path.Combine(_directory, "hub"),
            ["Hub:GrpcUrl"] = "http://127.0.0.1:0",
            ["Hub:HttpUrl"] = "http://127.0.0.1:0",
            ["Hub:Gateways:gw-ble:Secret"] = SecretHasher.Hash(Secret),
        }).Build()).WaitAsync(TestTimeout.Default);
    }

    public async Task DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _hub.StopAsync(grace.Token);
        await _hub.DisposeAsync();
        await _sim.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Leave it to the temp cleaner.
        }
    }

    [Fact]
    public async Task Proof_readings_reach_the_hub_once_with_times_corrected_by_the_measured_offset()
    {
        await using var gateway = await GatewayHost.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Id"] = "gw-ble",
            ["Gateway:Secret"] = Secret,
            ["Gateway:DataDirectory"] = Path.Combine(_directory, "gateway"),
            ["Gateway:HubUrl"] = _hub.GrpcAddress.ToString(),
            ["Gateway:HttpUrl"] = "http://127.0.0.1:0",
            ["Gateway:Ble:BusAddress"] = _sim.Address,
            ["Gateway:Ble:VisitInterval"] = "00:00:01",
            ["Gateway:Ble:QuietPeriod"] = "00:00:01",
            ["Gateway:Ble:Devices:0:Address"] = SimulatedBlueZ.MeterAddress,
            ["Gateway:Ble:Devices:0:PatientId"] = "patient-12",
            ["Gateway:Ble:Devices:1:Address"] = SimulatedBlueZ.CuffAddress,
        }).Build()).WaitAsync(TestTimeout.Default);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await _hub.Store.CountAsync(new ReadingQuery { DeviceId = SimulatedBlueZ.MeterAddress }) < 50
            || await _hub.Store.CountAsync(new ReadingQuery { DeviceId = SimulatedBlueZ.CuffAddress }) < 12)
        {
            Assert.True(DateTime.UtcNow < deadline, "the hub did not receive the simulated devices' records in time");
            await Task.Delay(200);
        }

        var glucose = await _hub.Store.QueryAsync(new ReadingQuery { DeviceId = SimulatedBlueZ.MeterAddress, Limit = 1000, Order = QueryOrder.OldestFirst });
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), glucose.Select(r => r.Reading.DeviceRecordNumber!.Value).Order());
        Assert.All(glucose, r =>
        {
            Assert.Equal("patient-12", r.Reading.PatientId);
            Assert.Equal(ReadingSource.Ble, r.Reading.Source);
            Assert.False(r.Reading.Flags.HasFlag(ReadingFlags.DeviceClockUncorrected));
        });

        // Record n was measured (51 - n) × 30 min before the simulator's start instant, by the device clock that
        // runs 90 minutes slow. Device time + measured offset (+5400 s, whole seconds) gives back the host
        // time of every record to within the clock's one-second resolution and the offset's rounding.
        foreach (var stored in glucose)
        {
            var n = stored.Reading.DeviceRecordNumber!.Value;
            var truth = _sim.RecordsDatedFrom - TimeSpan.FromMinutes((51 - n) * 30);
            Assert.InRange((stored.Reading.MeasuredAt!.Value - truth).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(2));
        }

        // What the meter itself said survives gateway buffer → gRPC → hub store: the simulator's slow wall clock,
        // which the gateway reads as if UTC (whole seconds; the simulator may land a second early), and the
        // correction applied is exactly MeasuredAt − DeviceTime, a whole number of seconds.
        var wallClockStart = DeviceWallClockAsIfUtc(_sim.RecordsDatedFrom);
        foreach (var stored in glucose)
        {
            var n = stored.Reading.DeviceRecordNumber!.Value;
            var deviceSaid = wallClockStart - TimeSpan.FromMinutes((51 - n) * 30);
            var deviceTime = stored.Reading.DeviceTime ?? throw new Xunit.Sdk.XunitException($"glucose record {n} reached the hub without its device time");
            Assert.InRange(deviceTime, deviceSaid.AddSeconds(-1), deviceSaid);
            Assert.Equal(TimeSpan.Zero, deviceTime.Offset);
            Assert.Equal(0, (stored.Reading.MeasuredAt!.Value - deviceTime).Ticks % TimeSpan.TicksPerSecond);
            Assert.NotEqual(deviceTime, stored.Reading.MeasuredAt);
        }

        var newest = glucose.Single(r => r.Reading.DeviceRecordNumber == 50).Reading.MeasuredAt!.Value;
        var oldest = glucose.Single(r => r.Reading.DeviceRecordNumber == 1).Reading.MeasuredAt!.Value;
        Assert.Equal(TimeSpan.FromMinutes(49 * 30), newest - oldest);

        // Cuff: 3 measurements × systolic, diastolic, mean, pulse; measurement i (0..2) taken 3 - i hours
        // before the start instant, by its equally slow clock.
        var cuff = await _hub.Store.QueryAsync(new ReadingQuery { DeviceId = SimulatedBlueZ.CuffAddress, Limit = 1000, Order = QueryOrder.OldestFirst });
        Assert.Equal(12, cuff.Count);
        var systolic = cuff.Where(r => r.Reading.Kind == ReadingKinds.BpSystolic).OrderBy(r => r.Reading.MeasuredAt).ToList();
        Assert.Equal([150.0, 149.0, 148.0], systolic.Select(r => r.Reading.Value));
        for (var i = 0; i < 3; i++)
        {
            var truth = _sim.RecordsDatedFrom - TimeSpan.FromHours(3 - i);
            Assert.InRange((systolic[i].Reading.MeasuredAt!.Value - truth).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(2));
            var deviceSaid = wallClockStart - TimeSpan.FromHours(3 - i);
            Assert.InRange(systolic[i].Reading.DeviceTime!.Value, deviceSaid.AddSeconds(-1), deviceSaid);
        }
        Assert.All(cuff, r => Assert.NotNull(r.Reading.DeviceTime));

        // A few more visits send nothing new to the hub.
        await Task.Delay(2500);
        Assert.Equal(50, await _hub.Store.CountAsync(new ReadingQuery { DeviceId = SimulatedBlueZ.MeterAddress }));
        Assert.Equal(12, await _hub.Store.CountAsync(new ReadingQuery { DeviceId = SimulatedBlueZ.CuffAddress }));
    }

    /// <summary>The simulated devices' wall clock at host instant <paramref name="host"/>: the host's local wall
    /// time (the simulator uses Python's naive local datetime) moved by the clock's offset, read as if UTC.</summary>
    private static DateTimeOffset DeviceWallClockAsIfUtc(DateTimeOffset host) =>
        new DateTimeOffset(TimeZoneInfo.ConvertTime(host, TimeZoneInfo.Local).DateTime, TimeSpan.Zero).AddSeconds(ClockBehindSeconds);
}
