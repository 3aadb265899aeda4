namespace TelemetryGateway.Bluetooth.BlueZ;

/// <summary>Why a BLE operation could not complete; the sync retries on its next visit. <see cref="Reason"/> is a metric label.</summary>
public class BleLinkException : Exception
{
    public BleLinkException(string reason, string message, Exception? inner = null)
        : base(message, inner)
    {
        Reason = reason;
    }

    /// <summary>disconnected | adapter_lost | bluez_gone | not_found | connect_failed | gatt_missing | gatt_failed | timeout | protocol.</summary>
    public string Reason { get; }
}

/// <summary>The device dropped the connection (Device1.Connected became false, or the object disappeared).</summary>
public sealed class BleDisconnectedException(string address, string detail)
    : BleLinkException("disconnected", $"BLE device {address} disconnected: {detail}");

/// <summary>The adapter went away (InterfacesRemoved of Adapter1, or bluetoothd left the bus).</summary>
public sealed class BleAdapterLostException(string reason, string detail)
    : BleLinkException(reason, $"Bluetooth adapter lost: {detail}");
