using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Bluetooth.BlueZ;
using TelemetryGateway.Bluetooth.DBus.Connection;
using TelemetryGateway.Bluetooth.Sync;
using TelemetryGateway.Bluetooth.Tests.Infrastructure;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Tests.Sync;

/// <summary>
/// What real meters do to a sync: restart their record numbers after a battery change, still run a transfer
/// for a gateway that died, and let their clocks drift. Against the simulated meter (python3-dbus).
/// </summary>
public sealed class MeterFaultTests : IAsyncLifetime
{
    private SimulatedBlueZ _sim = null!;
    private DBusConnection _bus = null!;
    private BlueZCentral _central = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task StartAsync(double clockOffsetSeconds = 0, double clockDrift = 0, int recordIntervalMs = 2)
    {
        _sim = await SimulatedBlueZ.StartAsync(records: 50, bpRecords: 0, clockOffsetSeconds: clockOffsetSeconds, clockDrift: clockDrift, recordIntervalMs: recordIntervalMs);
        _bus = await DBusConnection.ConnectAsync(_sim.Address, ct: TestTimeout.Token());
        _central = await BlueZCentral.OpenAsync(_bus, "hci0", ct: TestTimeout.Token());
        await _central.StartDiscoveryAsync(TestTimeout.Token());
        await _central.WaitForDeviceAsync(SimulatedBlueZ.MeterAddress, TestTimeout.Default, TestTimeout.Token());
        await _central.StopDiscoveryAsync(TestTimeout.Token());
    }

    public async Task DisposeAsync()
    {
        if (_central is not null)
        {
            await _central.DisposeAsync();
            await _bus.DisposeAsync();
            await _sim.DisposeAsync();
        }
    }

    private Task<BlePeripheral> ConnectMeterAsync() =>
        _central.ConnectAsync(_central.Devices.Single(d => d.Address == SimulatedBlueZ.MeterAddress), TestTimeout.Default, TestTimeout.Token());

    private async Task<SyncResult> VisitAsync(RecordingSink sink)
    {
        await using var meter = await ConnectMeterAsync();
        return await new GlucoseSync(TimeProvider.System, NullLogger.Instance).RunAsync(meter, sink.Position, sink, TestTimeout.Token());
    }

    private static long[] Numbers(IEnumerable<Reading> readings) => [.. readings.Select(r => r.DeviceRecordNumber!.Value)];

    [Theory]
    [InlineData(5)] // fewer records than before the reset: record 50 is gone and nothing lies beyond it
    [InlineData(60)] // more than before: a record 50 exists again, but it is another measurement
    public async Task Meter_record_numbers_restarting_after_a_reset_are_detected_and_no_record_is_lost(int afterReset)
    {
        await StartAsync();
        var sink = new RecordingSink();
        await VisitAsync(sink);
        Assert.Equal(50, sink.Cursor);

        // Battery change: the meter's memory is cleared and numbering starts again at 1.
        await _sim.ControlAsync("ResetMeter", "u", (uint)afterReset);
        var restarted = await VisitAsync(sink);
        Assert.True(restarted.NumberingRestarted);
        Assert.Equal(afterReset, restarted.Records);
        Assert.Equal(afterReset, restarted.DeviceCount);

        // The new records are numbered in epoch 1 (65536 + sequence): none collides with the old 1..50 at the hub.
        var expected = Enumerable.Range(1, 50).Select(i => (long)i).Concat(Enumerable.Range(1, afterReset).Select(i => RecordCursor.EpochSize + i));
        Assert.Equal(expected, Numbers(sink.Readings));
        Assert.Equal(RecordCursor.EpochSize + afterReset, sink.Cursor);
        Assert.Equal(afterReset, sink.Readings.Select(IdempotencyKey.For).Skip(50).Distinct().Count());
        Assert.Empty(sink.Readings.Take(50).Select(IdempotencyKey.For).Intersect(sink.Readings.Skip(50).Select(IdempotencyKey.For)));

        // Later visits go on in epoch 1: nothing new is a quiet visit, two new records are exactly two more.
        var quiet = await VisitAsync(sink);
        Assert.False(quiet.NumberingRestarted);
        Assert.Equal(0, quiet.Records);
        await _sim.ControlAsync("AddGlucoseRecords", "u", 2u);
        var next = await VisitAsync(sink);
        Assert.False(next.NumberingRestarted);
        Assert.Equal([RecordCursor.EpochSize + afterReset + 1, RecordCursor.EpochSize + afterReset + 2], Numbers(sink.Readings.Skip(50 + afterReset)));
    }

    [Fact]
    public async Task A_meter_memory_cleared_with_numbering_going_on_is_not_taken_for_a_restart()
    {
        await StartAsync();
        var sink = new RecordingSink();
        await VisitAsync(sink);

        // Cleared from the menu: record 50 is gone, the next records are 51..54.
        await _sim.ControlAsync("ClearMeter", "u", 4u);
        var next = await VisitAsync(sink);
        Assert.False(next.NumberingRestarted);
        Assert.Equal(4, next.Records);
        Assert.Equal(Enumerable.Range(1, 54).Select(i => (long)i), Numbers(sink.Readings));
        Assert.Equal(0u, (await _sim.StateAsync())["MeterResets"].Value);
    }

    [Fact]
    public async Task A_meter_still_transferring_to_a_gateway_that_died_is_aborted_then_synced_once()
    {
        // 20 ms between records: the first gateway's transfer of 50 records runs for about a second.
        await StartAsync(recordIntervalMs: 20);
        await using var meter = await ConnectMeterAsync();
        await meter.StartNotifyAsync(0x2A52, TestTimeout.Token());
        await meter.WriteAsync(0x2A52, [0x01, 0x01], withResponse: true, TestTimeout.Token()); // report all records, never read
        await _sim.WaitForStateAsync(s => (uint)s["RecordsSent"].Value >= 3, "a transfer under way");

        var sink = new RecordingSink();
        var result = await new GlucoseSync(TimeProvider.System, NullLogger.Instance).RunAsync(meter, sink.Position, sink, TestTimeout.Token());

        // The count request met ATT error 0x80 (procedure already in progress): abort (0x03 0x00), then ask again.
        Assert.Equal(["0101", "0401", "0300", "0401", "0101"], await _sim.RacpRequestsAsync());
        Assert.Equal(50, result.Records);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), Numbers(sink.Readings));
    }

    [Fact]
    public async Task A_drifting_meter_clock_is_set_through_Current_Time_and_its_offset_measured_again_each_visit()
    {
        // The meter's clock is an hour fast and gains two seconds every second.
        await StartAsync(clockOffsetSeconds: 3600, clockDrift: 2);
        var sink = new RecordingSink();
        var first = await VisitAsync(sink);
        Assert.InRange(first.ClockOffset!.Value.TotalSeconds, -3660, -3598); // an hour plus the drift since the simulator started
        Assert.True(first.ClockSet);
        Assert.Equal(1u, (await _sim.StateAsync())["TimeWrites"].Value);

        // Drifting again after the set: at least 4 s ahead before the next visit. The drift then stops, so the
        // offset measured next is exactly the one the new record was dated with.
        await _sim.WaitForStateAsync(s => (double)s["ClockOffsetSeconds"].Value >= 4, "the meter clock drifting ahead again");
        await _sim.ControlAsync("SetClockDrift", "d", 0.0);
        var frozenOffset = TimeSpan.FromSeconds((double)(await _sim.StateAsync())["ClockOffsetSeconds"].Value);
        await _sim.ControlAsync("AddGlucoseRecords", "u", 1u); // measured "30 minutes ago" by the fast clock
        var added = DateTimeOffset.UtcNow;
        var second = await VisitAsync(sink);
        Assert.True(second.ClockOffset!.Value.TotalSeconds <= -4, $"offset {second.ClockOffset} was not measured again");
        Assert.True(second.ClockSet);
        Assert.Equal(2u, (await _sim.StateAsync())["TimeWrites"].Value);

        // Corrected by this visit's offset, record 51 lies 30 minutes before it was added, not 4+ s later.
        var reading51 = sink.Readings.Single(r => r.DeviceRecordNumber == 51);
        var record51 = reading51.MeasuredAt!.Value;
        Assert.InRange(added - TimeSpan.FromMinutes(30) - record51, TimeSpan.FromSeconds(-2), TimeSpan.FromSeconds(3));

        // What the drifted clock itself said is kept beside the correction: the simulator's wall clock (naive
        // local time, read as if UTC) when it dated the record, and exactly MeasuredAt minus this visit's offset.
        var deviceTime = reading51.DeviceTime!.Value;
        var deviceSaid = new DateTimeOffset(TimeZoneInfo.ConvertTime(added, TimeZoneInfo.Local).DateTime, TimeSpan.Zero) + frozenOffset - TimeSpan.FromMinutes(30);
        Assert.Equal(record51 - second.ClockOffset!.Value, deviceTime);
        Assert.InRange(deviceSaid - deviceTime, TimeSpan.FromSeconds(-2), TimeSpan.FromSeconds(3));
    }
}
