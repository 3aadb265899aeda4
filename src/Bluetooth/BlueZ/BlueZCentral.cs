using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Bluetooth.DBus.Connection;
using TelemetryGateway.Bluetooth.DBus.Wire;

namespace TelemetryGateway.Bluetooth.BlueZ;

/// <summary>
/// A BLE central through BlueZ's D-Bus API on one adapter: discovery with a filter (Adapter1), the devices
/// BlueZ knows (ObjectManager), connecting to them (<see cref="BlePeripheral"/>). Watches for the adapter's
/// removal and for bluetoothd leaving the bus; either cancels <see cref="Lost"/> and fails every peripheral.
/// </summary>
public sealed partial class BlueZCentral : IAsyncDisposable
{
    private readonly DBusConnection _bus;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly List<IAsyncDisposable> _subscriptions = [];
    private readonly ConcurrentDictionary<ObjectPath, PropertyMap> _devices = new();
    private readonly ConcurrentDictionary<ObjectPath, BlePeripheral> _peripherals = new();
    private readonly CancellationTokenSource _lost = new();
    private volatile TaskCompletionSource _devicesChanged = NewSignal();
    private BleLinkException? _lossReason;
    private string _owner = "";

    private BlueZCentral(DBusConnection bus, ObjectPath adapterPath, TimeProvider time, ILogger logger)
    {
        _bus = bus;
        AdapterPath = adapterPath;
        _time = time;
        _logger = logger;
    }

    /// <summary>/org/bluez/hci0 and the like.</summary>
    public ObjectPath AdapterPath { get; }

    /// <summary>Cancelled when the adapter or bluetoothd goes away; see <see cref="LossReason"/>.</summary>
    public CancellationToken Lost => _lost.Token;

    public BleLinkException? LossReason => Volatile.Read(ref _lossReason);

    internal DBusConnection Bus => _bus;

    internal TimeProvider Time => _time;

    internal ILogger Logger => _logger;

    /// <summary>The devices BlueZ currently knows under this adapter (discovered, paired or connected).</summary>
    public IReadOnlyList<BleDeviceInfo> Devices => [.. _devices.Select(d => BleDeviceInfo.From(d.Key, d.Value))];

    /// <summary>Opens the adapter <paramref name="adapter"/> (e.g. "hci0") on <paramref name="bus"/>.</summary>
    /// <exception cref="BleAdapterLostException">bluetoothd is not on the bus, or has no such adapter.</exception>
    public static async Task<BlueZCentral> OpenAsync(DBusConnection bus, string adapter, TimeProvider? time = null, ILogger? logger = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var central = new BlueZCentral(bus, new ObjectPath("/org/bluez/" + adapter), time ?? TimeProvider.System, logger ?? NullLogger.Instance);
        try
        {
            await central.InitializeAsync(ct).ConfigureAwait(false);
            return central;
        }
        catch
        {
            await central.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Adapter1.SetDiscoveryFilter: LE transport, devices advertising any of <paramref name="serviceUuids"/>.</summary>
    public Task SetDiscoveryFilterAsync(IEnumerable<ushort> serviceUuids, CancellationToken ct)
    {
        var filter = new Dictionary<object, object>
        {
            ["Transport"] = Variant.Of("le"),
            ["UUIDs"] = Variant.Of(serviceUuids.Select(BlueZNames.Uuid).ToArray()),
            ["DuplicateData"] = Variant.Of(false),
        };
        return CallAsync(AdapterPath, BlueZNames.Adapter, "SetDiscoveryFilter", "a{sv}", [filter], ct);
    }

    public Task StartDiscoveryAsync(CancellationToken ct) => CallAsync(AdapterPath, BlueZNames.Adapter, "StartDiscovery", "", [], ct);

    public Task StopDiscoveryAsync(CancellationToken ct) => CallAsync(AdapterPath, BlueZNames.Adapter, "StopDiscovery", "", [], ct);

    /// <summary>The device with <paramref name="address"/> once BlueZ knows it (already, or when discovery finds it).</summary>
    /// <exception cref="BleLinkException">Not found within <paramref name="timeout"/> (reason not_found), or the adapter was lost.</exception>
    public async Task<BleDeviceInfo> WaitForDeviceAsync(string address, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct, Lost);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var changed = _devicesChanged;
            if (Find(address) is { } found)
            {
                return found;
            }

            try
            {
                await changed.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                ThrowIfLost();
                throw new BleLinkException("not_found", $"BLE device {address} not found within {timeout.TotalSeconds:F0} s.");
            }
        }
    }

    /// <summary>
    /// Connects to a known device (Device1.Connect) and waits until its services are resolved.
    /// The peripheral is lost (and fails its pending operations) when the device disconnects.
    /// </summary>
    public async Task<BlePeripheral> ConnectAsync(BleDeviceInfo device, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(device);
        ThrowIfLost();
        var peripheral = new BlePeripheral(this, device.Path, device.Address);
        if (_peripherals.TryRemove(device.Path, out var stale))
        {
            stale.Lose(new BleDisconnectedException(device.Address, "replaced by a new connection"));
        }

        _peripherals[device.Path] = peripheral;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            try
            {
                await CallAsync(device.Path, BlueZNames.Device, "Connect", "", [], deadline.Token).ConfigureAwait(false);
                await peripheral.ResolveAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw peripheral.LossReason ?? LossReason ?? new BleLinkException("timeout", $"BLE device {device.Address}: connect and service discovery took over {timeout.TotalSeconds:F0} s.");
            }

            BlueZLog.DeviceConnected(_logger, device.Address, peripheral.CharacteristicCount);
            return peripheral;
        }
        catch
        {
            _peripherals.TryRemove(new KeyValuePair<ObjectPath, BlePeripheral>(device.Path, peripheral));
            await peripheral.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var peripheral in _peripherals.Values)
        {
            await peripheral.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var subscription in _subscriptions)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }

        _lost.Dispose();
    }

    /// <summary>A method call on bluetoothd, its errors mapped: the adapter gone → <see cref="BleAdapterLostException"/>, other BlueZ errors → BleLinkException(gatt_failed).</summary>
    internal async Task<DBusMessage> CallAsync(ObjectPath path, string @interface, string member, string signature, object[] body, CancellationToken ct)
    {
        ThrowIfLost();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, Lost);
        try
        {
            return await _bus.CallAsync(DBusMessage.MethodCall(BlueZNames.Service, path, @interface, member, signature, body), linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (Lost.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw LossReason!;
        }
        catch (DBusErrorException ex) when (ex.ErrorName is DBusErrorNames.ServiceUnknown or DBusErrorNames.NameHasNoOwner)
        {
            throw new BleAdapterLostException("bluez_gone", $"bluetoothd is not on the bus ({ex.ErrorName}).");
        }
        catch (DBusErrorException ex) when (ex.ErrorName == DBusErrorNames.UnknownObject || (ex.ErrorName == DBusErrorNames.UnknownMethod && !path.Value.Contains("/dev_", StringComparison.Ordinal)))
        {
            throw new BleAdapterLostException("adapter_lost", $"{path} is gone ({ex.Message}).");
        }
        catch (DBusErrorException ex) when (ex.ErrorName is DBusErrorNames.UnknownObject or DBusErrorNames.UnknownMethod)
        {
            throw new BleDisconnectedException(path.Value, $"{member} on {path}: {ex.Message}");
        }
        catch (DBusErrorException ex) when (ex.ErrorName == DBusErrorNames.NoReply)
        {
            throw new BleLinkException("timeout", $"{@interface}.{member} on {path}: no reply from bluetoothd.", ex);
        }
        catch (DBusErrorException ex)
        {
            throw new BleLinkException("gatt_failed", $"{@interface}.{member} on {path} failed: {ex.Message}", ex);
        }
        catch (DBusConnectionClosedException ex)
        {
            throw new BleAdapterLostException("bus_lost", $"D-Bus connection closed: {ex.Message}");
        }
    }

    /// <summary>Throws <see cref="LossReason"/> when the adapter was lost.</summary>
    public void ThrowIfLost()
    {
        if (LossReason is { } reason)
        {
            throw reason;
        }
    }

    internal void Forget(BlePeripheral peripheral) =>
        _peripherals.TryRemove(new KeyValuePair<ObjectPath, BlePeripheral>(peripheral.Path, peripheral));

    private BleDeviceInfo? Find(string address) => _devices
        .Select(d => BleDeviceInfo.From(d.Key, d.Value))
        .FirstOrDefault(d => string.Equals(d.Address, address, StringComparison.OrdinalIgnoreCase));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void SignalDevicesChanged() => Interlocked.Exchange(ref _devicesChanged, NewSignal()).TrySetResult();
}
