using Microsoft.Extensions.Logging;
using TelemetryGateway.Bluetooth.BlueZ;
using TelemetryGateway.Bluetooth.Gatt;
using TelemetryGateway.Bluetooth.Gatt.RecordAccess;

namespace TelemetryGateway.Bluetooth.Sync;

/// <summary>
/// Pulls the records a glucose meter stored after the cursor (Glucose Profile v1.0.1 §4.9, Record Access
/// Control Point): first the cursor's own record again to check the meter's numbering did not restart, then
/// "report number of stored records ≥ N+1" and "report stored records ≥ N+1", collecting Glucose Measurement
/// notifications (each followed by its Context when flagged) until the RACP response indication. Complete
/// records are committed in batches; the cursor moves only with a commit. When the link drops mid-transfer,
/// the records completed before it are committed and the next visit asks from the first one missing: nothing
/// missed, nothing repeated.
/// </summary>
public sealed partial class GlucoseSync(TimeProvider time, ILogger logger, SyncOptions? options = null)
{
    private readonly SyncOptions _options = options ?? new SyncOptions();

    private ILogger Logger => logger;

    /// <summary>Syncs <paramref name="device"/> from the last committed record number <paramref name="cursor"/> (0 = none), without an anchor.</summary>
    public Task<SyncResult> RunAsync(BlePeripheral device, long cursor, ISyncRecordSink sink, CancellationToken ct) =>
        RunAsync(device, new RecordCursor(cursor), sink, ct);

    /// <summary>Syncs <paramref name="device"/> from <paramref name="cursor"/> (the last record committed).</summary>
    /// <exception cref="BleLinkException">The link dropped or the device failed the procedure; what was complete is committed.</exception>
    public async Task<SyncResult> RunAsync(BlePeripheral device, RecordCursor cursor, ISyncRecordSink sink, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(cursor);
        ArgumentNullException.ThrowIfNull(sink);
        var deviceId = device.Address;
        var offset = await DeviceClock.MeasureOffsetAsync(device, time, ct).ConfigureAwait(false);
        if (offset is { } known)
        {
            SyncLog.ClockOffset(logger, deviceId, known.TotalSeconds);
        }

        await device.StartNotifyAsync(GattCharacteristics.GlucoseMeasurement, ct).ConfigureAwait(false);
        if (device.Has(GattCharacteristics.GlucoseMeasurementContext))
        {
            await device.StartNotifyAsync(GattCharacteristics.GlucoseMeasurementContext, ct).ConfigureAwait(false);
        }

        await device.StartNotifyAsync(GattCharacteristics.RecordAccessControlPoint, ct).ConfigureAwait(false);

        var (start, count, restarted) = await PlanAsync(device, cursor, ct).ConfigureAwait(false);
        if (count is { } expected)
        {
            SyncLog.RecordsAvailable(logger, deviceId, expected, start.Sequence);
        }

        var transfer = new Transfer(this, device, offset, start, sink);
        if (count != 0)
        {
            var from = start.Sequence == 0 ? RacpRequest.ReportAll() : RacpRequest.ReportFrom((ushort)Math.Min(start.Sequence + 1, ushort.MaxValue));
            await WriteRacpAsync(device, from, ct).ConfigureAwait(false);
            await transfer.CollectAsync(ct).ConfigureAwait(false);
        }

        if (count is { } said && said != transfer.Committed)
        {
            SyncLog.CountMismatch(logger, deviceId, said, transfer.Committed);
        }

        var clockSet = await SetClockAsync(device, offset, ct).ConfigureAwait(false);
        SyncLog.SyncDone(logger, deviceId, transfer.Committed, transfer.Cursor.Record, clockSet);
        return new SyncResult(transfer.Committed, transfer.Cursor.Record, (int?)count, offset, clockSet, transfer.FormatErrors, restarted);
    }

    /// <summary>RACP "report number of stored records" (all, or ≥ the record after <paramref name="after"/>); null when the meter cannot count.</summary>
    private async Task<long?> CountAsync(BlePeripheral device, ushort after, CancellationToken ct)
    {
        var request = after == 0 ? RacpRequest.CountAll() : RacpRequest.CountFrom((ushort)Math.Min(after + 1, ushort.MaxValue));
        await WriteRacpAsync(device, request, ct).ConfigureAwait(false);
        while (true)
        {
            var notification = await NextAsync(device, ct).ConfigureAwait(false);
            if (notification.Uuid16 != GattCharacteristics.RecordAccessControlPoint)
            {
                continue; // a stray record from an earlier, aborted procedure
            }

            var response = RacpResponse.Decode(notification.Value);
            if (response is RacpResponseCode { RequestOpCode: not RacpOpCode.ReportNumberOfStoredRecords })
            {
                continue; // the end of a procedure that ran before ours (aborted, or finishing)
            }

            return response switch
            {
                RacpNumberOfRecords number => number.Count,
                RacpResponseCode { Value: RacpResponseValue.NoRecordsFound } => 0,
                _ => null, // counting not supported: transfer anyway
            };
        }
    }

    /// <summary>
    /// Writes an RACP request. A meter still running a procedure (a transfer to a gateway that died, GLS §3.3.3:
    /// ATT error 0x80 Procedure Already In Progress, reported by bluetoothd as org.bluez.Error.Failed "…ATT error:
    /// 0x80") is told to abort it first, then asked again once.
    /// </summary>
    private async Task WriteRacpAsync(BlePeripheral device, RacpRequest request, CancellationToken ct)
    {
        try
        {
            await device.WriteAsync(GattCharacteristics.RecordAccessControlPoint, request.Encode(), withResponse: true, ct).ConfigureAwait(false);
        }
        catch (BleLinkException ex) when (ex.Reason == "gatt_failed" && ex.Message.Contains("ATT error: 0x80", StringComparison.OrdinalIgnoreCase))
        {
            SyncLog.AbortingStaleProcedure(logger, device.Address);
            await AbortAsync(device, ct).ConfigureAwait(false);
            await device.WriteAsync(GattCharacteristics.RecordAccessControlPoint, request.Encode(), withResponse: true, ct).ConfigureAwait(false);
        }
    }

    /// <summary>RACP Abort Operation, then everything up to its response code is dropped (records of the aborted transfer).</summary>
    private async Task AbortAsync(BlePeripheral device, CancellationToken ct)
    {
        await device.WriteAsync(GattCharacteristics.RecordAccessControlPoint, RacpRequest.Abort().Encode(), withResponse: true, ct).ConfigureAwait(false);
        while (true)
        {
            var notification = await NextAsync(device, ct).ConfigureAwait(false);
            if (notification.Uuid16 == GattCharacteristics.RecordAccessControlPoint
                && RacpResponse.Decode(notification.Value) is RacpResponseCode { RequestOpCode: RacpOpCode.AbortOperation })
            {
                return;
            }
        }
    }

    private async Task<GattNotification> NextAsync(BlePeripheral device, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RecordTimeout);
        try
        {
            return await device.ReadNotificationAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new BleLinkException("timeout", $"BLE {device.Address}: no RACP progress for {_options.RecordTimeout.TotalSeconds:F0} s.");
        }
    }

    private async Task<bool> SetClockAsync(BlePeripheral device, TimeSpan? offset, CancellationToken ct)
    {
        if (offset is not { } known || known.Duration() <= _options.ClockSetThreshold)
        {
            return false;
        }

        try
        {
            return await DeviceClock.TrySetAsync(device, time, ct).ConfigureAwait(false);
        }
        catch (BleLinkException ex) when (ex.Reason is "gatt_failed")
        {
            // Records are already committed; a clock the device refuses to take is only logged.
            SyncLog.ClockSetFailed(logger, device.Address, ex.Message);
            return false;
        }
    }
}
