using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Gateway.Sources.Serial;

/// <summary>Log messages of the serial sources; event ids 1380–1399 are stable.</summary>
internal static partial class SerialSourceLog
{
    [LoggerMessage(1380, LogLevel.Information, "Serial {Device}: opened ({Settings}, {Protocol})")]
    public static partial void Opened(ILogger logger, string device, string settings, string protocol);

    [LoggerMessage(1381, LogLevel.Warning, "Serial {Device}: unplugged ({Detail}); waiting for it to return")]
    public static partial void Unplugged(ILogger logger, string device, string detail);

    [LoggerMessage(1382, LogLevel.Warning, "Serial {Device}: cannot open ({Detail}); retrying in {DelayMs:F0} ms")]
    public static partial void OpenFailed(ILogger logger, string device, string detail, double delayMs);

    [LoggerMessage(1383, LogLevel.Information, "Serial {Device}: meter {Model} serial {Serial}, {Stored} results stored; {Known} results known as synced")]
    public static partial void MeterIdentified(ILogger logger, string device, string model, string serial, string stored, int known);

    [LoggerMessage(1384, LogLevel.Information, "Serial {Device}: transfer {Outcome}: {New} new readings, {Skipped} already synced, {Control} control results; {Known} results known as synced")]
    public static partial void TransferFinished(ILogger logger, string device, string outcome, int @new, int skipped, int control, int known);

    [LoggerMessage(1385, LogLevel.Warning, "Serial {Device}: frame refused ({Detail})")]
    public static partial void FrameRejected(ILogger logger, string device, string detail);

    [LoggerMessage(1386, LogLevel.Warning, "Serial {Device}: record not decoded: {Detail}")]
    public static partial void RecordMalformed(ILogger logger, string device, string detail);

    [LoggerMessage(1387, LogLevel.Warning, "Serial {Device}: readings not accepted ({Detail}); retrying in {DelayMs:F0} ms")]
    public static partial void AcceptFailed(ILogger logger, string device, string detail, double delayMs);

    [LoggerMessage(1388, LogLevel.Warning, "Serial {Device}: transfer aborted ({Detail})")]
    public static partial void TransferAborted(ILogger logger, string device, string detail);

    [LoggerMessage(1389, LogLevel.Warning, "Serial {Device}: in use by another process ({Detail}); retrying in {DelayMs:F0} ms")]
    public static partial void Busy(ILogger logger, string device, string detail, double delayMs);

    [LoggerMessage(1390, LogLevel.Warning, "Serial {Device}: back after being unplugged for {Seconds:F1} s; resuming from the results known as synced")]
    public static partial void Returned(ILogger logger, string device, double seconds);

    [LoggerMessage(1391, LogLevel.Information, "Serial {Device}: NIBP result {Number} of {DeviceId}: {Systolic}/{Diastolic} mmHg, measured {MeasuredAt:u}")]
    public static partial void BpMeasurement(ILogger logger, string device, string deviceId, long number, int systolic, int diastolic, DateTimeOffset measuredAt);

    // 1392 (cursor ahead of the meter's memory) is retired: results are matched by identity, not position.

    [LoggerMessage(1393, LogLevel.Information, "Serial {Device}: meter {Meter} holds none of the {Known} results synced before ({Present} results now): its memory was cleared; new results are synced by identity")]
    public static partial void MemoryReset(ILogger logger, string device, string meter, int known, int present);

    [LoggerMessage(1394, LogLevel.Warning, "Serial {Device}: meter {Meter} was synced by an older version to position {Cursor}; positions do not identify results, so its whole memory is sent once more (the hub may hold those results twice: under their old position numbers and their identities)")]
    public static partial void LegacyCursor(ILogger logger, string device, string meter, long cursor);

    [LoggerMessage(1395, LogLevel.Error, "Serial {Device}: state file {Path} of {DeviceId} is damaged ({Detail}); starting without it (the monitor's latest result is taken again under its date-derived number, which the hub drops if it has it)")]
    public static partial void StateDamaged(ILogger logger, string device, string path, string deviceId, string detail);
}
