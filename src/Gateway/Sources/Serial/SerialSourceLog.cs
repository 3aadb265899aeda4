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

    [LoggerMessage(1383, LogLevel.Information, "Serial {Device}: meter {Model} serial {Serial}, {Stored} results stored; synced up to record {Cursor}")]
    public static partial void MeterIdentified(ILogger logger, string device, string model, string serial, string stored, long cursor);

    [LoggerMessage(1384, LogLevel.Information, "Serial {Device}: transfer {Outcome}: {New} new readings, {Skipped} already synced, {Control} control results; cursor {Cursor}")]
    public static partial void TransferFinished(ILogger logger, string device, string outcome, int @new, int skipped, int control, long cursor);

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

    [LoggerMessage(1390, LogLevel.Warning, "Serial {Device}: back after being unplugged for {Seconds:F1} s; resuming from the meter's cursor")]
    public static partial void Returned(ILogger logger, string device, double seconds);

    [LoggerMessage(1391, LogLevel.Information, "Serial {Device}: NIBP result {Number} of {DeviceId}: {Systolic}/{Diastolic} mmHg, measured {MeasuredAt:u}")]
    public static partial void BpMeasurement(ILogger logger, string device, string deviceId, long number, int systolic, int diastolic, DateTimeOffset measuredAt);

    [LoggerMessage(1392, LogLevel.Error, "Serial {Device}: meter {Meter} sent its whole memory up to record {Highest} but was synced up to record {Cursor}: its memory was cleared or renumbered, and its new records are not being synced")]
    public static partial void CursorAhead(ILogger logger, string device, string meter, long highest, long cursor);
}
