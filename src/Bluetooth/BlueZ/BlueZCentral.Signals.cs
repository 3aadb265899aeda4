using TelemetryGateway.Bluetooth.DBus.Connection;
using TelemetryGateway.Bluetooth.DBus.Wire;

namespace TelemetryGateway.Bluetooth.BlueZ;

/// <summary>The signals the central follows: bluetoothd's name, ObjectManager, PropertiesChanged below the adapter.</summary>
public sealed partial class BlueZCentral
{
    private async Task InitializeAsync(CancellationToken ct)
    {
        _subscriptions.Add(await _bus.WatchNameOwnerAsync(BlueZNames.Service, (_, _, newOwner) => OnOwnerChanged(newOwner), ct).ConfigureAwait(false));
        _owner = await _bus.GetNameOwnerAsync(BlueZNames.Service, ct).ConfigureAwait(false)
            ?? throw new BleAdapterLostException("bluez_gone", "org.bluez is not on the bus (is bluetoothd running?).");

        // Signals carry bluetoothd's unique name; the rules name org.bluez and the bus resolves it.
        _subscriptions.Add(await _bus.SubscribeAsync(
            new MatchRule { Sender = BlueZNames.Service, Interface = StandardInterfaces.ObjectManager, Path = ObjectPath.Root },
            OnObjectManagerSignal,
            ct).ConfigureAwait(false));
        _subscriptions.Add(await _bus.SubscribeAsync(
            new MatchRule { Sender = BlueZNames.Service, Interface = StandardInterfaces.Properties, Member = "PropertiesChanged", PathNamespace = AdapterPath },
            OnPropertiesChanged,
            ct).ConfigureAwait(false));

        var objects = await _bus.GetManagedObjectsAsync(BlueZNames.Service, ObjectPath.Root, ct).ConfigureAwait(false);
        if (!objects.TryGetValue(AdapterPath, out var adapter) || !adapter.ContainsKey(BlueZNames.Adapter))
        {
            throw new BleAdapterLostException("adapter_missing", $"bluetoothd has no adapter {AdapterPath}.");
        }

        foreach (var (path, interfaces) in objects)
        {
            if (interfaces.TryGetValue(BlueZNames.Device, out var device) && AdapterPath.IsAncestorOf(path))
            {
                _devices[path] = device;
            }
        }

        BlueZLog.AdapterReady(Logger, AdapterPath.Value, _devices.Count, _owner);
    }

    // Handlers run on the D-Bus read loop: update state, complete signals, never wait.
    private void OnOwnerChanged(string newOwner)
    {
        if (newOwner.Length == 0)
        {
            Lose(new BleAdapterLostException("bluez_gone", "bluetoothd left the bus."));
        }
    }

    private bool FromBlueZ(DBusMessage signal) => signal.Sender == Volatile.Read(ref _owner);

    private void OnObjectManagerSignal(DBusMessage signal)
    {
        if (!FromBlueZ(signal))
        {
            return;
        }

        if (signal.Member == "InterfacesAdded")
        {
            var (path, interfaces) = StandardInterfaces.ReadInterfacesAdded(signal);
            if (interfaces.TryGetValue(BlueZNames.Device, out var device) && AdapterPath.IsAncestorOf(path))
            {
                _devices[path] = device;
                BlueZLog.DeviceDiscovered(Logger, device.TryGet<string>("Address", out var address) ? address : path.Value, device.TryGet<short>("RSSI", out var rssi) ? rssi : null);
                SignalDevicesChanged();
            }
        }
        else if (signal.Member == "InterfacesRemoved")
        {
            var (path, interfaces) = StandardInterfaces.ReadInterfacesRemoved(signal);
            if (path == AdapterPath && interfaces.Contains(BlueZNames.Adapter))
            {
                Lose(new BleAdapterLostException("adapter_lost", $"{AdapterPath} was removed."));
            }
            else if (interfaces.Contains(BlueZNames.Device) && _devices.TryRemove(path, out _))
            {
                if (_peripherals.TryGetValue(path, out var peripheral))
                {
                    peripheral.Lose(new BleDisconnectedException(peripheral.Address, "device object removed"));
                }

                SignalDevicesChanged();
            }
        }
    }

    private void OnPropertiesChanged(DBusMessage signal)
    {
        if (!FromBlueZ(signal))
        {
            return;
        }

        var change = PropertiesChanged.From(signal);
        if (change.Interface == BlueZNames.Device)
        {
            if (_devices.TryGetValue(change.Path, out var known))
            {
                // Copy on write: readers enumerate the maps from other threads.
                var updated = new PropertyMap();
                foreach (var (name, value) in known.Concat(change.Changed))
                {
                    updated[name] = value;
                }

                _devices[change.Path] = updated;

                SignalDevicesChanged();
            }

            if (_peripherals.TryGetValue(change.Path, out var peripheral))
            {
                peripheral.OnDeviceChanged(change.Changed);
            }
        }
        else if (change.Interface == BlueZNames.GattCharacteristic && change.Changed.TryGet<byte[]>("Value", out var value))
        {
            foreach (var peripheral in _peripherals.Values)
            {
                if (peripheral.Path.IsAncestorOf(change.Path))
                {
                    peripheral.OnValue(change.Path, value);
                }
            }
        }
    }

    private void Lose(BleAdapterLostException reason)
    {
        if (Interlocked.CompareExchange(ref _lossReason, reason, null) is not null)
        {
            return;
        }

        BlueZLog.AdapterLost(Logger, reason.Message);
        foreach (var peripheral in _peripherals.Values)
        {
            peripheral.Lose(reason);
        }

        _lost.Cancel();
        SignalDevicesChanged();
    }
}
