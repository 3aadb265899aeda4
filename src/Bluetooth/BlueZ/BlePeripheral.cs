using System.Collections.Concurrent;
using System.Threading.Channels;
using TelemetryGateway.Bluetooth.DBus.Connection;
using TelemetryGateway.Bluetooth.DBus.Wire;

namespace TelemetryGateway.Bluetooth.BlueZ;

/// <summary>
/// A connected device: its GATT characteristics by 16-bit UUID (GattService1/GattCharacteristic1 objects
/// below the device), reads, writes, and notifications/indications in arrival order. When the device
/// disconnects, notifications that arrived before are still delivered, then every operation fails with
/// <see cref="LossReason"/>.
/// </summary>
public sealed class BlePeripheral : IAsyncDisposable
{
    private readonly BlueZCentral _central;
    private readonly Channel<GattNotification> _notifications = Channel.CreateUnbounded<GattNotification>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _lost = new();
    private readonly ConcurrentDictionary<ObjectPath, ushort> _notifying = new();
    private readonly TaskCompletionSource _resolved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Dictionary<ushort, Characteristic> _characteristics = [];
    private BleLinkException? _lossReason;
    private int _disposed;

    internal BlePeripheral(BlueZCentral central, ObjectPath path, string address)
    {
        _central = central;
        Path = path;
        Address = address;
    }

    public ObjectPath Path { get; }

    /// <summary>The device's address, e.g. "C0:26:DA:00:00:01".</summary>
    public string Address { get; }

    /// <summary>Cancelled when the device disconnects or the adapter is lost.</summary>
    public CancellationToken Lost => _lost.Token;

    public BleLinkException? LossReason => Volatile.Read(ref _lossReason);

    public int CharacteristicCount => _characteristics.Count;

    /// <summary>True when the device has the characteristic <paramref name="uuid16"/>.</summary>
    public bool Has(ushort uuid16) => _characteristics.ContainsKey(uuid16);

    /// <summary>True when the characteristic's Flags include <paramref name="flag"/> ("write", "notify", "indicate", …).</summary>
    public bool Allows(ushort uuid16, string flag) => _characteristics.TryGetValue(uuid16, out var c) && c.Flags.Contains(flag);

    /// <summary>GattCharacteristic1.ReadValue.</summary>
    public async Task<byte[]> ReadAsync(ushort uuid16, CancellationToken ct)
    {
        var reply = await CallAsync(uuid16, "ReadValue", "a{sv}", [new Dictionary<object, object>()], ct).ConfigureAwait(false);
        return reply.Arg<byte[]>();
    }

    /// <summary>GattCharacteristic1.WriteValue with option type "request" (acknowledged) or "command".</summary>
    public Task WriteAsync(ushort uuid16, byte[] value, bool withResponse, CancellationToken ct)
    {
        var options = new Dictionary<object, object> { ["type"] = Variant.Of(withResponse ? "request" : "command") };
        return CallAsync(uuid16, "WriteValue", "aya{sv}", [value, options], ct);
    }

    /// <summary>GattCharacteristic1.StartNotify: its values arrive through <see cref="ReadNotificationAsync"/>.</summary>
    public async Task StartNotifyAsync(ushort uuid16, CancellationToken ct)
    {
        var path = Require(uuid16).Path;
        // Registered first: BlueZ may send a value before the StartNotify reply.
        _notifying[path] = uuid16;
        await CallAsync(uuid16, "StartNotify", "", [], ct).ConfigureAwait(false);
    }

    public async Task StopNotifyAsync(ushort uuid16, CancellationToken ct)
    {
        await CallAsync(uuid16, "StopNotify", "", [], ct).ConfigureAwait(false);
        _notifying.TryRemove(Require(uuid16).Path, out _);
    }

    /// <summary>
    /// The next notification or indication, in arrival order. After a disconnect, the ones that arrived
    /// before it still come; then <see cref="LossReason"/> is thrown.
    /// </summary>
    public async Task<GattNotification> ReadNotificationAsync(CancellationToken ct)
    {
        while (true)
        {
            if (_notifications.Reader.TryRead(out var notification))
            {
                return notification;
            }

            if (!await _notifications.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                throw LossReason ?? new BleDisconnectedException(Address, "closed");
            }
        }
    }

    /// <summary>Device1.Disconnect; errors are ignored (the device may be gone already).</summary>
    public async Task DisconnectAsync(CancellationToken ct)
    {
        if (LossReason is not null)
        {
            return;
        }

        try
        {
            await _central.CallAsync(Path, BlueZNames.Device, "Disconnect", "", [], ct).ConfigureAwait(false);
        }
        catch (BleLinkException)
        {
            // Already disconnected or the adapter went away: the link is down either way.
        }

        Lose(new BleDisconnectedException(Address, "disconnected by the gateway"));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await DisconnectAsync(timeout.Token).ConfigureAwait(false);
        _central.Forget(this);
        _lost.Dispose();
    }

    /// <summary>Waits for ServicesResolved, then maps the characteristics below the device.</summary>
    internal async Task ResolveAsync(CancellationToken ct)
    {
        var properties = await _central.Bus.GetAllPropertiesAsync(BlueZNames.Service, Path, BlueZNames.Device, ct).ConfigureAwait(false);
        if (!(properties.TryGet<bool>("ServicesResolved", out var resolved) && resolved))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, Lost);
            try
            {
                await _resolved.Task.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (Lost.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                throw LossReason!;
            }
        }

        var objects = await _central.Bus.GetManagedObjectsAsync(BlueZNames.Service, ObjectPath.Root, ct).ConfigureAwait(false);
        var characteristics = new Dictionary<ushort, Characteristic>();
        foreach (var (path, interfaces) in objects)
        {
            if (Path.IsAncestorOf(path)
                && interfaces.TryGetValue(BlueZNames.GattCharacteristic, out var c)
                && c.TryGet<string>("UUID", out var uuid)
                && BlueZNames.Uuid16(uuid) is { } uuid16)
            {
                c.TryGet<object[]>("Flags", out var flags);
                characteristics[uuid16] = new Characteristic(path, [.. (flags ?? []).Cast<string>()]);
            }
        }

        _characteristics = characteristics;
    }

    internal void OnDeviceChanged(PropertyMap changed)
    {
        if (changed.TryGet<bool>("Connected", out var connected) && !connected)
        {
            Lose(new BleDisconnectedException(Address, "Connected became false"));
        }

        if (changed.TryGet<bool>("ServicesResolved", out var resolved) && resolved)
        {
            _resolved.TrySetResult();
        }
    }

    internal void OnValue(ObjectPath characteristic, byte[] value)
    {
        if (_notifying.TryGetValue(characteristic, out var uuid16))
        {
            _notifications.Writer.TryWrite(new GattNotification(uuid16, value, _central.Time.GetUtcNow()));
        }
    }

    internal void Lose(BleLinkException reason)
    {
        if (Interlocked.CompareExchange(ref _lossReason, reason, null) is not null)
        {
            return;
        }

        BlueZLog.DeviceLost(_central.Logger, Address, reason.Message);
        _notifications.Writer.TryComplete();
        try
        {
            _lost.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed already: nobody is waiting.
        }
    }

    private async Task<DBusMessage> CallAsync(ushort uuid16, string member, string signature, object[] body, CancellationToken ct)
    {
        if (LossReason is { } lost)
        {
            throw lost;
        }

        var characteristic = Require(uuid16);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, Lost);
        try
        {
            return await _central.CallAsync(characteristic.Path, BlueZNames.GattCharacteristic, member, signature, body, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (Lost.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw LossReason!;
        }
        catch (BleLinkException) when (LossReason is { } reason)
        {
            // The call failed because the link went down: report the link, not the call.
            throw reason;
        }
    }

    private Characteristic Require(ushort uuid16) => _characteristics.TryGetValue(uuid16, out var c)
        ? c
        : throw new BleLinkException("gatt_missing", $"BLE device {Address} has no characteristic 0x{uuid16:X4}.");

    private sealed record Characteristic(ObjectPath Path, IReadOnlyList<string> Flags);
}
