using Microsoft.Extensions.Logging;
using TelemetryGateway.Bluetooth.BlueZ;
using TelemetryGateway.Bluetooth.Gatt;
using TelemetryGateway.Bluetooth.Gatt.Glucose;
using TelemetryGateway.Bluetooth.Gatt.RecordAccess;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Sync;

/// <summary>
/// Pulls the records a glucose meter stored after the cursor (Glucose Profile v1.0.1 §4.9, Record Access
/// Control Point): "report number of stored records ≥ N+1", then "report stored records ≥ N+1", collecting
/// Glucose Measurement notifications (each followed by its Context when flagged) until the RACP response
/// indication. Complete records are committed in batches; the cursor moves only with a commit. When the link
/// drops mid-transfer, the records completed before it are committed and the next visit asks from the first
/// one missing: nothing missed, nothing repeated.
/// </summary>
public sealed class GlucoseSync(TimeProvider time, ILogger logger, SyncOptions? options = null)
{
    private readonly SyncOptions _options = options ?? new SyncOptions();

    private ILogger Logger => logger;

    /// <summary>Syncs <paramref name="device"/> from <paramref name="cursor"/> (last record committed; 0 = none).</summary>
    /// <exception cref="BleLinkException">The link dropped or the device failed the procedure; what was complete is committed.</exception>
    public async Task<SyncResult> RunAsync(BlePeripheral device, long cursor, ISyncRecordSink sink, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(device);
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

        // Sequence numbers are 16-bit (GLS); the cursor never passes 65535 here.
        var first = (ushort)Math.Min(cursor + 1, ushort.MaxValue);
        var count = await CountAsync(device, cursor == 0 ? RacpRequest.CountAll() : RacpRequest.CountFrom(first), ct).ConfigureAwait(false);
        if (count is { } expected)
        {
            SyncLog.RecordsAvailable(logger, deviceId, expected, cursor);
        }

        var transfer = new Transfer(this, device, offset, cursor, sink);
        if (count != 0)
        {
            await WriteRacpAsync(device, cursor == 0 ? RacpRequest.ReportAll() : RacpRequest.ReportFrom(first), ct).ConfigureAwait(false);
            await transfer.CollectAsync(ct).ConfigureAwait(false);
        }

        if (count is { } said && said != transfer.Committed)
        {
            SyncLog.CountMismatch(logger, deviceId, said, transfer.Committed);
        }

        var clockSet = await SetClockAsync(device, offset, ct).ConfigureAwait(false);
        SyncLog.SyncDone(logger, deviceId, transfer.Committed, transfer.Cursor, clockSet);
        return new SyncResult(transfer.Committed, transfer.Cursor, (int?)count, offset, clockSet, transfer.FormatErrors);
    }

    private async Task<long?> CountAsync(BlePeripheral device, RacpRequest request, CancellationToken ct)
    {
        await WriteRacpAsync(device, request, ct).ConfigureAwait(false);
        while (true)
        {
            var notification = await NextAsync(device, ct).ConfigureAwait(false);
            if (notification.Uuid16 != GattCharacteristics.RecordAccessControlPoint)
            {
                continue; // a stray record from an earlier, aborted procedure
            }

            return RacpResponse.Decode(notification.Value) switch
            {
                RacpNumberOfRecords number => number.Count,
                RacpResponseCode { Value: RacpResponseValue.NoRecordsFound } => 0,
                _ => null, // counting not supported: transfer anyway
            };
        }
    }

    private static Task WriteRacpAsync(BlePeripheral device, RacpRequest request, CancellationToken ct) =>
        device.WriteAsync(GattCharacteristics.RecordAccessControlPoint, request.Encode(), withResponse: true, ct);

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

    /// <summary>One RACP transfer: pairs measurements with contexts, commits complete records in order.</summary>
    private sealed class Transfer(GlucoseSync owner, BlePeripheral device, TimeSpan? offset, long cursor, ISyncRecordSink sink)
    {
        private readonly List<(GlucoseMeasurement Measurement, DateTimeOffset ReceivedAt)> _complete = [];
        private (GlucoseMeasurement Measurement, DateTimeOffset ReceivedAt)? _awaitingContext;

        public int Committed { get; private set; }

        public int FormatErrors { get; private set; }

        public long Cursor { get; private set; } = cursor;

        public async Task CollectAsync(CancellationToken ct)
        {
            try
            {
                while (true)
                {
                    var notification = await owner.NextAsync(device, ct).ConfigureAwait(false);
                    if (notification.Uuid16 == GattCharacteristics.RecordAccessControlPoint)
                    {
                        await FinishAsync(notification.Value, ct).ConfigureAwait(false);
                        return;
                    }

                    Accept(notification);
                    if (_complete.Count >= owner._options.CommitBatch)
                    {
                        await CommitAsync(ct).ConfigureAwait(false);
                    }
                }
            }
            catch (BleLinkException)
            {
                // Keep what was complete before the drop; a measurement still waiting for its context is asked again.
                if (_awaitingContext is { } held)
                {
                    SyncLog.HeldBack(owner.Logger, device.Address, held.Measurement.SequenceNumber);
                }

                await CommitAsync(ct).ConfigureAwait(false);
                throw;
            }
        }

        private async Task FinishAsync(byte[] value, CancellationToken ct)
        {
            Complete();
            await CommitAsync(ct).ConfigureAwait(false);
            var response = RacpResponse.Decode(value);
            if (response is RacpResponseCode { IsSuccess: false } failed)
            {
                throw new BleLinkException("racp_failed", $"BLE {device.Address}: RACP {failed.RequestOpCode} answered {failed.Value}.");
            }
        }

        private void Accept(GattNotification notification)
        {
            try
            {
                if (notification.Uuid16 == GattCharacteristics.GlucoseMeasurement)
                {
                    Complete(); // a context that never came does not hold the next record back
                    var measurement = GlucoseMeasurement.Decode(notification.Value);
                    if (measurement.ContextFollows)
                    {
                        _awaitingContext = (measurement, notification.ReceivedAt);
                    }
                    else
                    {
                        _complete.Add((measurement, notification.ReceivedAt));
                    }
                }
                else if (notification.Uuid16 == GattCharacteristics.GlucoseMeasurementContext)
                {
                    var context = GlucoseMeasurementContext.Decode(notification.Value);
                    if (_awaitingContext is { } held && held.Measurement.SequenceNumber == context.SequenceNumber)
                    {
                        Complete();
                    }
                }
            }
            catch (DeviceFormatException ex)
            {
                FormatErrors++;
                SyncLog.FormatError(owner.Logger, device.Address, $"0x{notification.Uuid16:X4}", ex.Message);
            }
        }

        private void Complete()
        {
            if (_awaitingContext is { } held)
            {
                _complete.Add(held);
                _awaitingContext = null;
            }
        }

        private async Task CommitAsync(CancellationToken ct)
        {
            if (_complete.Count == 0)
            {
                return;
            }

            var readings = new List<Reading>(_complete.Count);
            long last = Cursor;
            foreach (var (measurement, receivedAt) in _complete)
            {
                var raw = measurement.ToReadings(device.Address, receivedAt);
                var corrected = DeviceClock.Correct(raw, offset);
                foreach (var reading in corrected)
                {
                    SyncLog.RecordTime(owner.Logger, device.Address, measurement.SequenceNumber, measurement.MeasuredAt, reading.MeasuredAt);
                    readings.Add(reading with { Priority = ReadingPriority.Bulk });
                }

                last = Math.Max(last, measurement.SequenceNumber);
            }

            await sink.CommitAsync(readings, last, ct).ConfigureAwait(false);
            Committed += _complete.Count;
            Cursor = last;
            _complete.Clear();
        }
    }
}
