using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Bluetooth.Sync;

/// <summary>Log messages of the record sync; event ids 2460–2489 are stable.</summary>
internal static partial class SyncLog
{
    [LoggerMessage(2460, LogLevel.Information, "BLE {Device}: clock offset {OffsetSeconds:F0} s (gateway minus device); measurement times corrected by it")]
    public static partial void ClockOffset(ILogger logger, string device, double offsetSeconds);

    [LoggerMessage(2461, LogLevel.Information, "BLE {Device}: {Expected} stored records after record {Cursor}")]
    public static partial void RecordsAvailable(ILogger logger, string device, long expected, long cursor);

    [LoggerMessage(2462, LogLevel.Warning, "BLE {Device}: undecodable {Characteristic} notification skipped: {Detail}")]
    public static partial void FormatError(ILogger logger, string device, string characteristic, string detail);

    [LoggerMessage(2463, LogLevel.Information, "BLE {Device}: sync done, {Records} records, cursor {Cursor}, clock set {ClockSet}")]
    public static partial void SyncDone(ILogger logger, string device, int records, long? cursor, bool clockSet);

    [LoggerMessage(2464, LogLevel.Warning, "BLE {Device}: device said {Expected} records but sent {Received}")]
    public static partial void CountMismatch(ILogger logger, string device, long expected, int received);

    [LoggerMessage(2465, LogLevel.Warning, "BLE {Device}: could not set the device clock: {Detail}")]
    public static partial void ClockSetFailed(ILogger logger, string device, string detail);

    [LoggerMessage(2466, LogLevel.Debug, "BLE {Device}: record {Sequence} device time {DeviceTime:o}, corrected {Corrected:o}")]
    public static partial void RecordTime(ILogger logger, string device, long sequence, DateTimeOffset? deviceTime, DateTimeOffset? corrected);

    [LoggerMessage(2467, LogLevel.Information, "BLE {Device}: measurement {Sequence} lost its context when the link dropped; it will be requested again")]
    public static partial void HeldBack(ILogger logger, string device, long sequence);

    [LoggerMessage(2468, LogLevel.Warning, "BLE {Device}: the meter's record numbering RESTARTED (battery change or reset?): last synced record {Sequence} was {Anchor}, the meter now has {Found} there; pulling all {Count} stored records again as numbering epoch {Epoch} (record numbers epoch x 65536 + sequence) so that none is lost or taken for a duplicate")]
    public static partial void NumberingRestarted(ILogger logger, string device, long sequence, string anchor, string found, long count, long epoch);

    [LoggerMessage(2469, LogLevel.Information, "BLE {Device}: the meter was still running an RACP procedure (ATT error 0x80), aborting it first")]
    public static partial void AbortingStaleProcedure(ILogger logger, string device);
}
