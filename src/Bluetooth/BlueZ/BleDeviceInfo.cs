using TelemetryGateway.Bluetooth.DBus.Connection;
using TelemetryGateway.Bluetooth.DBus.Wire;

namespace TelemetryGateway.Bluetooth.BlueZ;

/// <summary>What BlueZ knows of a device (org.bluez.Device1 properties).</summary>
public sealed record BleDeviceInfo(ObjectPath Path, string Address, string? Name, short? Rssi, IReadOnlyList<string> Uuids, bool Connected, bool ServicesResolved)
{
    internal static BleDeviceInfo From(ObjectPath path, PropertyMap properties)
    {
        properties.TryGet<string>("Address", out var address);
        properties.TryGet<string>("Name", out var name);
        short? rssi = properties.TryGet<short>("RSSI", out var value) ? value : null;
        properties.TryGet<object[]>("UUIDs", out var uuids);
        properties.TryGet<bool>("Connected", out var connected);
        properties.TryGet<bool>("ServicesResolved", out var resolved);
        return new BleDeviceInfo(path, address ?? "", name, rssi, [.. (uuids ?? []).Cast<string>()], connected, resolved);
    }
}

/// <summary>A characteristic value that arrived as a notification or indication (PropertiesChanged "Value").</summary>
public sealed record GattNotification(ushort Uuid16, byte[] Value, DateTimeOffset ReceivedAt);
