using TelemetryGateway.Bluetooth.BlueZ;
using TelemetryGateway.Bluetooth.Gatt;
using TelemetryGateway.Bluetooth.Gatt.Glucose;
using TelemetryGateway.Bluetooth.Gatt.RecordAccess;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Sync;

public sealed partial class GlucoseSync
{
    /// <summary>One RACP transfer: pairs measurements with contexts, commits complete records in order.</summary>
    private sealed class Transfer(GlucoseSync owner, BlePeripheral device, TimeSpan? offset, RecordCursor cursor, ISyncRecordSink sink)
    {
        private readonly List<Record> _complete = [];
        private Record? _awaitingContext;

        public int Committed { get; private set; }

        public int FormatErrors { get; private set; }

        public RecordCursor Cursor { get; private set; } = cursor;

        public async Task CollectAsync(CancellationToken ct)
        {
            try
            {
                while (true)
                {
                    var notification = await owner.NextAsync(device, ct).ConfigureAwait(false);
                    if (notification.Uuid16 == GattCharacteristics.RecordAccessControlPoint)
                    {
                        if (RacpResponse.Decode(notification.Value) is RacpResponseCode { RequestOpCode: not RacpOpCode.ReportStoredRecords })
                        {
                            continue; // the end of an aborted earlier procedure
                        }

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
                    var record = new Record(GlucoseMeasurement.Decode(notification.Value), notification.ReceivedAt, notification.Value);
                    if (record.Measurement.ContextFollows)
                    {
                        _awaitingContext = record;
                    }
                    else
                    {
                        _complete.Add(record);
                    }
                }
                else if (notification.Uuid16 == GattCharacteristics.GlucoseMeasurementContext)
                {
                    var context = GlucoseMeasurementContext.Decode(notification.Value);
                    if (_awaitingContext is { } held && held.Measurement.SequenceNumber == context.SequenceNumber)
                    {
                        // The meal decides which target a value is judged against (pre-meal or after a meal).
                        _awaitingContext = held with { Meal = context.Meal };
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
            var last = Cursor;
            foreach (var (measurement, receivedAt, raw, meal) in _complete)
            {
                var number = Cursor.RecordOf(measurement.SequenceNumber);
                var corrected = DeviceClock.Correct(measurement.ToReadings(device.Address, receivedAt), offset);
                var mealFlags = MealFlags(meal);
                foreach (var reading in corrected)
                {
                    SyncLog.RecordTime(owner.Logger, device.Address, number, measurement.MeasuredAt, reading.MeasuredAt);
                    readings.Add(reading with { DeviceRecordNumber = number, Priority = ReadingPriority.Bulk, Flags = reading.Flags | mealFlags });
                }

                if (number > last.Record)
                {
                    last = new RecordCursor(number, Convert.ToHexString(raw));
                }
            }

            await sink.CommitAsync(readings, last, ct).ConfigureAwait(false);
            Committed += _complete.Count;
            Cursor = last;
            _complete.Clear();
        }

        /// <summary>The Glucose Measurement Context's meal as the reading flags serial meters' markers use too;
        /// casual and bedtime carry no flag (no separate target).</summary>
        internal static ReadingFlags MealFlags(Meal? meal) => meal switch
        {
            Meal.Preprandial => ReadingFlags.BeforeMeal,
            Meal.Postprandial => ReadingFlags.AfterMeal,
            Meal.Fasting => ReadingFlags.Fasting,
            _ => ReadingFlags.None,
        };

        private sealed record Record(GlucoseMeasurement Measurement, DateTimeOffset ReceivedAt, byte[] Raw, Meal? Meal = null);
    }
}
