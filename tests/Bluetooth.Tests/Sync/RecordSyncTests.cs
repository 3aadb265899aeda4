using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Bluetooth.BlueZ;
using TelemetryGateway.Bluetooth.DBus.Connection;
using TelemetryGateway.Bluetooth.Sync;
using TelemetryGateway.Bluetooth.Tests.Infrastructure;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Tests.Sync;

/// <summary>
/// Record sync against the simulated meter and cuff (firmware-sim/Ble/bluez_sim.py on a private dbus-daemon).
/// The meter's clock runs one hour ahead of the host's.
/// </summary>
public sealed class RecordSyncTests : IAsyncLifetime
{
    private const double MeterClockAheadSeconds = 3600;
    private SimulatedBlueZ _sim = null!;
    private DBusConnection _bus = null!;
    private BlueZCentral _central = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatedBlueZ.StartAsync(records: 50, bpRecords: 3, clockOffsetSeconds: MeterClockAheadSeconds);
        _bus = await DBusConnection.ConnectAsync(_sim.Address, ct: TestTimeout.Token());
        _central = await BlueZCentral.OpenAsync(_bus, "hci0", ct: TestTimeout.Token());
        await _central.StartDiscoveryAsync(TestTimeout.Token());
        await _central.WaitForDeviceAsync(SimulatedBlueZ.MeterAddress, TestTimeout.Default, TestTimeout.Token());
        await _central.WaitForDeviceAsync(SimulatedBlueZ.CuffAddress, TestTimeout.Default, TestTimeout.Token());
        await _central.StopDiscoveryAsync(TestTimeout.Token());
    }

    public async Task DisposeAsync()
    {
        await _central.DisposeAsync();
        await _bus.DisposeAsync();
        await _sim.DisposeAsync();
    }

    private Task<BlePeripheral> ConnectAsync(string address) =>
        _central.ConnectAsync(_central.Devices.Single(d => d.Address == address), TestTimeout.Default, TestTimeout.Token());

    private async Task<SyncResult> VisitMeterAsync(RecordingSink sink)
    {
        await using var meter = await ConnectAsync(SimulatedBlueZ.MeterAddress);
        return await new GlucoseSync(TimeProvider.System, NullLogger.Instance).RunAsync(meter, sink.Position, sink, TestTimeout.Token());
    }

    private static long[] Sequences(IEnumerable<Reading> readings) => [.. readings.Select(r => r.DeviceRecordNumber!.Value)];

    [Fact]
    public async Task Proof_first_visit_pulls_all_50_stored_records()
    {
        var sink = new RecordingSink();
        var first = await VisitMeterAsync(sink);
        Assert.Equal(50, first.Records);
        Assert.Equal(50, first.DeviceCount);
        Assert.Equal(50, sink.Cursor);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), Sequences(sink.Readings));
        Assert.All(sink.Readings, r =>
        {
            Assert.Equal(ReadingKinds.Glucose, r.Kind);
            Assert.Equal(SimulatedBlueZ.MeterAddress, r.DeviceId);
            Assert.Equal(ReadingPriority.Bulk, r.Priority);
            Assert.False(r.Flags.HasFlag(ReadingFlags.DeviceClockUncorrected));
        });

        // Record n holds 80 + 7n mod 90 mg/dL as SFLOAT with exponent -5 kg/L (see bluez_sim.py): mg/dL / 18.016 = mmol/L.
        var record7 = sink.Readings.Single(r => r.DeviceRecordNumber == 7);
        Assert.Equal((80 + (7 * 7 % 90)) / 18.016, record7.Value, 3);

        // Every fifth record is followed by a Glucose Measurement Context saying meal 1 (preprandial): those, and
        // only those, reach the hub as before-meal values.
        Assert.Equal(Enumerable.Range(1, 10).Select(i => 5L * i),
            sink.Readings.Where(r => r.Flags.HasFlag(ReadingFlags.BeforeMeal)).Select(r => r.DeviceRecordNumber!.Value));
        Assert.DoesNotContain(sink.Readings, r => (r.Flags & (ReadingFlags.AfterMeal | ReadingFlags.Fasting)) != 0);

        // The meter clock ran an hour ahead: measured times come back to gateway time. Record n was taken
        // (51 - n) × 30 minutes before the simulator's start instant, by its clock.
        Assert.InRange(first.ClockOffset!.Value.TotalSeconds, -MeterClockAheadSeconds - 2, -MeterClockAheadSeconds + 2);
        var newest = sink.Readings.Single(r => r.DeviceRecordNumber == 50).MeasuredAt!.Value;
        Assert.InRange((newest - (_sim.RecordsDatedFrom - TimeSpan.FromMinutes(30))).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(3));

        // The gateway then set the meter's clock (Current Time writable) to its own.
        Assert.True(first.ClockSet);
        var state = await _sim.StateAsync();
        Assert.Equal(1u, state["TimeWrites"].Value);
        Assert.InRange((double)state["ClockOffsetSeconds"].Value, -2, 2);

        // RACP on the wire (GLS): count all, report all. The cursor keeps record 50's bytes as its anchor.
        Assert.Equal(["0401", "0101"], await _sim.RacpRequestsAsync());
        Assert.StartsWith("123200", sink.Position.Anchor, StringComparison.Ordinal); // flags 0x12 (concentration, context follows), sequence 50 (LE)
    }

    [Fact]
    public async Task Proof_next_visit_pulls_exactly_the_3_new_records()
    {
        var sink = new RecordingSink();
        await VisitMeterAsync(sink);
        var sentBefore = (uint)(await _sim.StateAsync())["RecordsSent"].Value;

        await _sim.ControlAsync("AddGlucoseRecords", "u", 3u);
        var second = await VisitMeterAsync(sink);
        Assert.Equal(3, second.Records);
        Assert.Equal(3, second.DeviceCount);
        Assert.False(second.NumberingRestarted);
        Assert.Equal(53, sink.Cursor);
        Assert.Equal(Enumerable.Range(1, 53).Select(i => (long)i), Sequences(sink.Readings));
        Assert.False(second.ClockSet); // the clock is right now
        Assert.InRange(second.ClockOffset!.Value.TotalSeconds, -2, 2);

        // RACP: record 50 again (within range [50, 50]) to check the numbering, then count ≥ 51 and report ≥ 51
        // (operand: filter 0x01 sequence, 51 LE). The meter sent record 50 once more and exactly the 3 new ones.
        Assert.Equal(["0401", "0101", "01040132003200", "0403013300", "0103013300"], await _sim.RacpRequestsAsync());
        Assert.Equal(sentBefore + 1 + 3, (uint)(await _sim.StateAsync())["RecordsSent"].Value);
    }

    [Fact]
    public async Task Proof_a_connection_dropped_mid_transfer_resumes_with_nothing_missed_or_repeated()
    {
        var sink = new RecordingSink();
        // The meter drops the link right after measurement 20, whose context (every 5th record has one) never comes.
        await _sim.ControlAsync("DropAfterRecords", "u", 20u);
        var error = await Assert.ThrowsAsync<BleDisconnectedException>(() => VisitMeterAsync(sink));
        Assert.Equal("disconnected", error.Reason);
        Assert.Equal(19, sink.Cursor);
        Assert.Equal(Enumerable.Range(1, 19).Select(i => (long)i), Sequences(sink.Readings));

        var resumed = await VisitMeterAsync(sink);
        Assert.Equal(31, resumed.Records);
        Assert.Equal(50, sink.Cursor);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), Sequences(sink.Readings));
        // Resumed at 20 (0x14), after checking record 19 (0x13) is still the one committed.
        Assert.Equal(["0401", "0101", "01040113001300", "0403011400", "0103011400"], await _sim.RacpRequestsAsync());
    }

    [Fact]
    public async Task Nothing_new_on_the_meter_is_a_quiet_visit()
    {
        var sink = new RecordingSink();
        await VisitMeterAsync(sink);
        var commits = sink.Commits;
        var again = await VisitMeterAsync(sink);
        Assert.Equal(0, again.Records);
        Assert.Equal(0, again.DeviceCount);
        Assert.Equal(commits, sink.Commits);
        Assert.Equal(50, sink.Cursor);
    }

    [Fact]
    public async Task Proof_BP_cuff_notification_flow_indicates_its_stored_measurements_then_hangs_up()
    {
        var sink = new RecordingSink();
        await using var cuff = await ConnectAsync(SimulatedBlueZ.CuffAddress);
        var result = await new BloodPressureSync(TimeProvider.System, NullLogger.Instance).RunAsync(cuff, sink, TestTimeout.Token());

        Assert.Equal(3, result.Records);
        Assert.False(result.ClockSet); // the cuff's Current Time is read-only
        Assert.InRange(result.ClockOffset!.Value.TotalSeconds, -MeterClockAheadSeconds - 2, -MeterClockAheadSeconds + 2);
        Assert.True(cuff.Lost.IsCancellationRequested);

        // Measurement i: 150-i / 95-i / 113-i mmHg, pulse 70+i, taken 3-i hours before the simulator's start
        // instant by the cuff's clock, an hour fast: corrected, each lands on that host instant.
        var systolic = sink.Readings.Where(r => r.Kind == ReadingKinds.BpSystolic).ToList();
        Assert.Equal([150.0, 149.0, 148.0], systolic.Select(r => r.Value));
        Assert.Equal([95.0, 94.0, 93.0], sink.Readings.Where(r => r.Kind == ReadingKinds.BpDiastolic).Select(r => r.Value));
        Assert.Equal([70.0, 71.0, 72.0], sink.Readings.Where(r => r.Kind == ReadingKinds.HeartRate).Select(r => r.Value));
        for (var i = 0; i < 3; i++)
        {
            var truth = _sim.RecordsDatedFrom - TimeSpan.FromHours(3 - i);
            Assert.InRange((systolic[i].MeasuredAt!.Value - truth).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(3));
            Assert.False(systolic[i].Flags.HasFlag(ReadingFlags.DeviceClockUncorrected));
        }
        Assert.Equal(0u, (await _sim.StateAsync())["CuffStored"].Value);
    }
}
