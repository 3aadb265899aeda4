using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Bluetooth.BlueZ;

/// <summary>Log messages of the BlueZ central; event ids 2430–2459 are stable.</summary>
internal static partial class BlueZLog
{
    [LoggerMessage(2430, LogLevel.Information, "BlueZ adapter {Adapter} ready ({Devices} known devices, bluetoothd {Owner})")]
    public static partial void AdapterReady(ILogger logger, string adapter, int devices, string owner);

    [LoggerMessage(2431, LogLevel.Warning, "BlueZ adapter lost: {Detail}")]
    public static partial void AdapterLost(ILogger logger, string detail);

    [LoggerMessage(2432, LogLevel.Information, "BLE device {Address} connected, services resolved ({Characteristics} characteristics)")]
    public static partial void DeviceConnected(ILogger logger, string address, int characteristics);

    [LoggerMessage(2433, LogLevel.Information, "BLE device {Address} lost: {Detail}")]
    public static partial void DeviceLost(ILogger logger, string address, string detail);

    [LoggerMessage(2434, LogLevel.Debug, "BLE device {Address} discovered (RSSI {Rssi})")]
    public static partial void DeviceDiscovered(ILogger logger, string address, short? rssi);
}
