using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Gateway.Sources.Ble;

/// <summary>Log messages of the BLE source; event ids 1370–1389 are stable.</summary>
internal static partial class BleSourceLog
{
    [LoggerMessage(1370, LogLevel.Information, "BLE source on {Bus} adapter {Adapter}: {Devices} allowed devices, visiting every {IntervalSeconds:F0} s")]
    public static partial void Starting(ILogger logger, string bus, string adapter, int devices, double intervalSeconds);

    [LoggerMessage(1371, LogLevel.Warning, "BLE source: Bluetooth unavailable ({Reason}: {Detail}); retrying in {DelayMs:F0} ms")]
    public static partial void Unavailable(ILogger logger, string reason, string detail, double delayMs);

    [LoggerMessage(1372, LogLevel.Information, "BLE {Device}: {Profile} sync committed {Records} records (cursor {Cursor})")]
    public static partial void Synced(ILogger logger, string device, string profile, int records, long? cursor);

    [LoggerMessage(1373, LogLevel.Warning, "BLE {Device}: sync failed ({Reason}): {Detail}")]
    public static partial void SyncFailed(ILogger logger, string device, string reason, string detail);

    [LoggerMessage(1374, LogLevel.Debug, "BLE {Device}: not in range this visit")]
    public static partial void NotFound(ILogger logger, string device);

    [LoggerMessage(1375, LogLevel.Information, "BLE {Device} ({Name}) answered the discovery but is not on the allow-list (Gateway:Ble:Devices): ignored, never connected")]
    public static partial void NotAllowed(ILogger logger, string device, string name);
}
