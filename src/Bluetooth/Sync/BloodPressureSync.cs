using Microsoft.Extensions.Logging;
using TelemetryGateway.Bluetooth.BlueZ;
using TelemetryGateway.Bluetooth.Gatt;
using TelemetryGateway.Bluetooth.Gatt.BloodPressure;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Sync;

/// <summary>
/// Collects a blood-pressure cuff's stored measurements (Blood Pressure Profile v1.1.1 §4.5: once indications
/// of Blood Pressure Measurement are enabled, the cuff indicates every stored measurement, then typically
/// disconnects). Ends when the cuff disconnects or stays quiet for <see cref="SyncOptions.QuietPeriod"/>.
/// BP measurements carry no record number: the readings are keyed by their corrected time, and what arrived
/// before a drop is committed (a cuff re-sends what it could not confirm; the hub deduplicates).
/// </summary>
public sealed class BloodPressureSync(TimeProvider time, ILogger logger, SyncOptions? options = null)
{
    private readonly SyncOptions _options = options ?? new SyncOptions();

    public async Task<SyncResult> RunAsync(BlePeripheral device, ISyncRecordSink sink, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(sink);
        var offset = await DeviceClock.MeasureOffsetAsync(device, time, ct).ConfigureAwait(false);
        if (offset is { } known)
        {
            SyncLog.ClockOffset(logger, device.Address, known.TotalSeconds);
        }

        await device.StartNotifyAsync(GattCharacteristics.BloodPressureMeasurement, ct).ConfigureAwait(false);
        var readings = new List<Reading>();
        int records = 0, formatErrors = 0;
        var disconnected = false;
        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
            quiet.CancelAfter(_options.QuietPeriod);
            GattNotification notification;
            try
            {
                notification = await device.ReadNotificationAsync(quiet.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                break;
            }
            catch (BleDisconnectedException)
            {
                // The cuff hangs up after its last indication: the normal end of a transfer.
                disconnected = true;
                break;
            }

            if (notification.Uuid16 != GattCharacteristics.BloodPressureMeasurement)
            {
                continue;
            }

            try
            {
                var measurement = BloodPressureMeasurement.Decode(notification.Value);
                readings.AddRange(DeviceClock.Correct(measurement.ToReadings(device.Address, notification.ReceivedAt), offset)
                    .Select(r => r with { Priority = ReadingPriority.Bulk }));
                records++;
            }
            catch (DeviceFormatException ex)
            {
                formatErrors++;
                SyncLog.FormatError(logger, device.Address, "0x2A35", ex.Message);
            }

            if (records % _options.CommitBatch == 0 && readings.Count > 0)
            {
                await sink.CommitAsync(readings, null, ct).ConfigureAwait(false);
                readings.Clear();
            }
        }

        if (readings.Count > 0)
        {
            await sink.CommitAsync(readings, null, ct).ConfigureAwait(false);
        }

        var clockSet = false;
        if (!disconnected && offset is { } skew && skew.Duration() > _options.ClockSetThreshold)
        {
            try
            {
                clockSet = await DeviceClock.TrySetAsync(device, time, ct).ConfigureAwait(false);
            }
            catch (BleLinkException ex)
            {
                SyncLog.ClockSetFailed(logger, device.Address, ex.Message);
            }
        }

        SyncLog.SyncDone(logger, device.Address, records, null, clockSet);
        return new SyncResult(records, null, null, offset, clockSet, formatErrors);
    }
}
