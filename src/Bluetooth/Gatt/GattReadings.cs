using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt;

/// <summary>Builds Core readings from decoded GATT fields: canonical unit through
/// <see cref="UnitConversion"/>, the device's value and unit kept in <see cref="Reading.Reported"/>.</summary>
internal static class GattReadings
{
    /// <summary>Context shared by every reading of one characteristic value.</summary>
    internal readonly record struct Origin(string DeviceId, DateTimeOffset ReceivedAt, DateTimeOffset? MeasuredAt, long? RecordNumber, ReadingFlags Flags)
    {
        /// <summary>The origin of a value time-stamped with <paramref name="deviceClock"/> (null: no time sent).
        /// A device clock time is marked uncorrected: GATT Date Time has no zone and the device clock drifts.</summary>
        public static Origin Of(string deviceId, DateTimeOffset receivedAt, DateTimeOffset? deviceClock, long? recordNumber, ReadingFlags flags) =>
            new(deviceId, receivedAt, deviceClock, recordNumber, deviceClock is null ? flags : flags | ReadingFlags.DeviceClockUncorrected);
    }

    /// <summary>Adds a reading for <paramref name="value"/> unless it is a special value (NaN, NRes, ±INF,
    /// reserved): those say the device has no number, and a reading is a number.</summary>
    public static void Add(List<Reading> readings, string kind, MedicalFloat value, string reportedUnit, in Origin origin) =>
        Add(readings, kind, value.IsFinite ? value.Value : double.NaN, reportedUnit, origin);

    /// <summary>Adds a reading for a plain number (NaN: nothing added).</summary>
    public static void Add(List<Reading> readings, string kind, double value, string reportedUnit, in Origin origin)
    {
        if (double.IsNaN(value))
        {
            return;
        }
        var canonical = UnitConversion.ToCanonical(kind, value, reportedUnit);
        if (!canonical.Success)
        {
            // Our own kind/unit pairing is wrong: a bug, not device input.
            throw new InvalidOperationException(canonical.Message);
        }
        readings.Add(new Reading
        {
            Kind = kind,
            Value = canonical.Value.Value,
            Unit = canonical.Value.Unit,
            DeviceId = origin.DeviceId,
            Source = ReadingSource.Ble,
            MeasuredAt = origin.MeasuredAt,
            ReceivedAt = origin.ReceivedAt,
            DeviceRecordNumber = origin.RecordNumber,
            Flags = origin.Flags,
            Reported = new Quantity(value, reportedUnit),
        });
    }
}
