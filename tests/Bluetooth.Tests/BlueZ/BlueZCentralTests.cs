using TelemetryGateway.Bluetooth.BlueZ;
using TelemetryGateway.Bluetooth.DBus.Connection;
using TelemetryGateway.Bluetooth.Tests.Infrastructure;

namespace TelemetryGateway.Bluetooth.Tests.BlueZ;

/// <summary>The BlueZ central against the simulated bluetoothd (firmware-sim/Ble, python3-dbus) on a private bus.</summary>
public sealed class BlueZCentralTests : IAsyncLifetime
{
    private SimulatedBlueZ _sim = null!;
    private DBusConnection _bus = null!;
    private BlueZCentral _central = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatedBlueZ.StartAsync(records: 50);
        _bus = await DBusConnection.ConnectAsync(_sim.Address, ct: TestTimeout.Token());
        _central = await BlueZCentral.OpenAsync(_bus, "hci0", ct: TestTimeout.Token());
    }

    public async Task DisposeAsync()
    {
        await _central.DisposeAsync();
        await _bus.DisposeAsync();
        await _sim.DisposeAsync();
    }

    private async Task<BlePeripheral> ConnectMeterAsync()
    {
        await _central.SetDiscoveryFilterAsync([0x1808], TestTimeout.Token());
        await _central.StartDiscoveryAsync(TestTimeout.Token());
        var device = await _central.WaitForDeviceAsync(SimulatedBlueZ.MeterAddress, TestTimeout.Default, TestTimeout.Token());
        await _central.StopDiscoveryAsync(TestTimeout.Token());
        return await _central.ConnectAsync(device, TestTimeout.Default, TestTimeout.Token());
    }

    [Fact]
    public async Task Discovery_with_a_service_filter_finds_only_matching_devices()
    {
        Assert.Empty(_central.Devices);
        await _central.SetDiscoveryFilterAsync([0x1808], TestTimeout.Token());
        await _central.StartDiscoveryAsync(TestTimeout.Token());
        var meter = await _central.WaitForDeviceAsync(SimulatedBlueZ.MeterAddress, TestTimeout.Default, TestTimeout.Token());
        Assert.Equal("TG Glucose", meter.Name);
        Assert.Equal((short)-58, meter.Rssi);
        Assert.Contains(BlueZNames.Uuid(0x1808), meter.Uuids);
        Assert.False(meter.Connected);

        var notThere = await Assert.ThrowsAsync<BleLinkException>(() => _central.WaitForDeviceAsync(SimulatedBlueZ.CuffAddress, TimeSpan.FromMilliseconds(500), TestTimeout.Token()));
        Assert.Equal("not_found", notThere.Reason);
        await _central.StopDiscoveryAsync(TestTimeout.Token());

        var filters = (object[])(await _sim.StateAsync())["Filters"].Value;
        var filter = Assert.IsType<string>(Assert.Single(filters));
        Assert.Contains("'Transport': 'le'", filter, StringComparison.Ordinal);
        Assert.Contains("00001808-0000-1000-8000-00805f9b34fb", filter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_resolves_services_then_reads_writes_and_indications_work()
    {
        await using var meter = await ConnectMeterAsync();
        Assert.True(meter.Has(0x2A18));
        Assert.True(meter.Has(0x2A52));
        Assert.True(meter.Allows(0x2A2B, "write"));
        Assert.False(meter.Has(0x2A35));
        Assert.True(_central.Devices.Single(d => d.Address == SimulatedBlueZ.MeterAddress).ServicesResolved);

        var time = await meter.ReadAsync(0x2A2B, TestTimeout.Token());
        Assert.Equal(10, time.Length);
        Assert.Equal(DateTime.Now.Year, BitConverter.ToUInt16(time, 0));

        // RACP needs its indications on first (GLS: CCCD improperly configured otherwise).
        var refused = await Assert.ThrowsAsync<BleLinkException>(() => meter.WriteAsync(0x2A52, [0x04, 0x01], true, TestTimeout.Token()));
        Assert.Equal("gatt_failed", refused.Reason);
        Assert.Contains("improperly configured", refused.Message, StringComparison.Ordinal);

        await meter.StartNotifyAsync(0x2A52, TestTimeout.Token());
        await meter.WriteAsync(0x2A52, [0x04, 0x01], true, TestTimeout.Token()); // report number of stored records, all
        var count = await meter.ReadNotificationAsync(TestTimeout.Token());
        Assert.Equal(0x2A52, count.Uuid16);
        Assert.Equal(new byte[] { 0x05, 0x00, 50, 0 }, count.Value); // number of stored records response: 50

        var missing = await Assert.ThrowsAsync<BleLinkException>(() => meter.ReadAsync(0x2A35, TestTimeout.Token()));
        Assert.Equal("gatt_missing", missing.Reason);
    }

    [Fact]
    public async Task Notifications_and_indications_arrive_in_the_order_sent_and_stop_after_StopNotify()
    {
        await using var meter = await ConnectMeterAsync();
        // Glucose Measurement and Context are notify-only, RACP indicate-only (GLS §3.3): both kinds reach
        // the central as PropertiesChanged("Value") on GattCharacteristic1.
        Assert.True(meter.Allows(0x2A18, "notify") && !meter.Allows(0x2A18, "indicate"));
        Assert.True(meter.Allows(0x2A52, "indicate") && !meter.Allows(0x2A52, "notify"));
        await meter.StartNotifyAsync(0x2A18, TestTimeout.Token());
        await meter.StartNotifyAsync(0x2A34, TestTimeout.Token());
        await meter.StartNotifyAsync(0x2A52, TestTimeout.Token());

        // RACP "report stored records, within range of sequence numbers 1..5" (op 0x01, operator 0x04, filter 0x01).
        await meter.WriteAsync(0x2A52, [0x01, 0x04, 0x01, 0x01, 0x00, 0x05, 0x00], true, TestTimeout.Token());
        var received = new List<(ushort Uuid, byte[] Value)>();
        while (received.Count == 0 || received[^1].Uuid != 0x2A52)
        {
            var n = await meter.ReadNotificationAsync(TestTimeout.Token());
            received.Add((n.Uuid16, n.Value));
        }

        // Measurements 1..5 (notified), the context of 5 (every 5th record has one; notified), then the
        // RACP response "success" (indicated) last.
        Assert.Equal([0x2A18, 0x2A18, 0x2A18, 0x2A18, 0x2A18, 0x2A34, 0x2A52], received.Select(r => r.Uuid));
        Assert.Equal([1, 2, 3, 4, 5], received.Take(5).Select(r => (int)BitConverter.ToUInt16(r.Value, 1)));
        Assert.Equal(5, BitConverter.ToUInt16(received[5].Value, 1));
        Assert.Equal(new byte[] { 0x06, 0x00, 0x01, 0x01 }, received[6].Value);

        // With Glucose Measurement notifications stopped, the next report brings only the RACP response.
        await meter.StopNotifyAsync(0x2A18, TestTimeout.Token());
        await meter.WriteAsync(0x2A52, [0x01, 0x05], true, TestTimeout.Token()); // first record
        var only = await meter.ReadNotificationAsync(TestTimeout.Token());
        Assert.Equal(0x2A52, only.Uuid16);
        Assert.Equal(new byte[] { 0x06, 0x00, 0x01, 0x01 }, only.Value);
    }

    [Fact]
    public async Task A_device_dropping_the_link_fails_operations_with_disconnected()
    {
        var meter = await ConnectMeterAsync();
        await meter.StartNotifyAsync(0x2A52, TestTimeout.Token());
        var read = meter.ReadNotificationAsync(TestTimeout.Token());
        await _sim.ControlAsync("Disconnect", "s", SimulatedBlueZ.MeterAddress);

        var error = await Assert.ThrowsAsync<BleDisconnectedException>(() => read.Within());
        Assert.Equal("disconnected", error.Reason);
        Assert.True(meter.Lost.IsCancellationRequested);
        await Assert.ThrowsAsync<BleDisconnectedException>(() => meter.ReadAsync(0x2A2B, TestTimeout.Token()));
        await meter.DisposeAsync();

        // A new connection works again.
        var device = _central.Devices.Single(d => d.Address == SimulatedBlueZ.MeterAddress);
        await using var again = await _central.ConnectAsync(device, TestTimeout.Default, TestTimeout.Token());
        Assert.Equal(10, (await again.ReadAsync(0x2A2B, TestTimeout.Token())).Length);
    }

    [Fact]
    public async Task Adapter_removal_is_adapter_lost()
    {
        await using var meter = await ConnectMeterAsync();
        await _sim.ControlAsync("RemoveAdapter");
        await Task.Delay(Timeout.Infinite, _central.Lost).ContinueWith(_ => { }, TaskScheduler.Default).Within();
        Assert.Equal("adapter_lost", _central.LossReason!.Reason);
        var error = await Assert.ThrowsAsync<BleAdapterLostException>(() => meter.ReadAsync(0x2A2B, TestTimeout.Token()));
        Assert.Equal("adapter_lost", error.Reason);
        await Assert.ThrowsAsync<BleAdapterLostException>(() => _central.StartDiscoveryAsync(TestTimeout.Token()));
    }

    [Fact]
    public async Task Bluetoothd_leaving_the_bus_is_bluez_gone()
    {
        await using var meter = await ConnectMeterAsync();
        await meter.StartNotifyAsync(0x2A52, TestTimeout.Token());
        var read = meter.ReadNotificationAsync(TestTimeout.Token());
        await _sim.Simulator.DisposeAsync();

        var error = await Assert.ThrowsAsync<BleAdapterLostException>(() => read.Within());
        Assert.Equal("bluez_gone", error.Reason);
        Assert.True(_central.Lost.IsCancellationRequested);

        var reopen = await Assert.ThrowsAsync<BleAdapterLostException>(() => BlueZCentral.OpenAsync(_bus, "hci0", ct: TestTimeout.Token()));
        Assert.Equal("bluez_gone", reopen.Reason);
    }

    [Fact]
    public async Task A_missing_adapter_is_refused_at_open()
    {
        var error = await Assert.ThrowsAsync<BleAdapterLostException>(() => BlueZCentral.OpenAsync(_bus, "hci7", ct: TestTimeout.Token()));
        Assert.Equal("adapter_missing", error.Reason);
    }
}
