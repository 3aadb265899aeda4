using TelemetryGateway.Core;

namespace TelemetryGateway.Serial.Meters.Contour;

/// <summary>Turns a meter's results into <see cref="Reading"/>s.</summary>
public static class ContourReadings
{
    /// <summary>
    /// One glucose reading in mmol/L (UnitConversion), the value as sent in <see cref="Reading.Reported"/>, the
    /// result's identity (<see cref="ContourRecordIdentity"/>, not its position) as <see cref="Reading.DeviceRecordNumber"/>, the meal marker as a flag, Bulk priority (a memory download).
    /// </summary>
    /// <param name="meterZone">The zone the meter's clock is set to: its times carry no offset.</param>
    /// <exception cref="DeviceFormatException">A unit that is not a glucose concentration.</exception>
    public static Reading ToReading(ContourResult result, MeterIdentity meter, TimeZoneInfo meterZone, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(meterZone);
        var canonical = UnitConversion.ToCanonical(ReadingKinds.Glucose, result.Value, result.Unit);
        if (!canonical.Success)
        {
            throw new DeviceFormatException("astm", $"R record {result.RecordNumber} field 5", canonical.Message);
        }

        DateTimeOffset? measured = result.MeasuredLocal is { } local ? InZone(local, meterZone, result.RecordNumber) : null;
        return new Reading
        {
            Kind = ReadingKinds.Glucose,
            Value = canonical.Value.Value,
            Unit = canonical.Value.Unit,
            DeviceId = meter.SerialNumber,
            Source = ReadingSource.Serial,
            MeasuredAt = measured,
            ReceivedAt = receivedAt,
            DeviceRecordNumber = result.Identity,
            // The meter's clock is set by hand and never synchronised: say so.
            Flags = result.Flags | MealFlag(result.Meal) | (measured is null ? ReadingFlags.None : ReadingFlags.DeviceClockUncorrected),
            Reported = new Quantity(result.Value, result.Unit),
            Priority = ReadingPriority.Bulk,
        };
    }

    /// <summary>The meal context travels with the value: fasting and post-meal glucose have different targets.</summary>
    public static ReadingFlags MealFlag(MealMarker meal) => meal switch
    {
        MealMarker.BeforeMeal => ReadingFlags.BeforeMeal,
        MealMarker.AfterMeal => ReadingFlags.AfterMeal,
        MealMarker.Fasting => ReadingFlags.Fasting,
        _ => ReadingFlags.None,
    };

    private static DateTimeOffset InZone(DateTime local, TimeZoneInfo zone, long record)
    {
        var offset = zone.GetUtcOffset(local);
        var utcTicks = local.Ticks - offset.Ticks;
        return utcTicks >= DateTime.MinValue.Ticks && utcTicks <= DateTime.MaxValue.Ticks
            ? new DateTimeOffset(local, offset)
            : throw new DeviceFormatException("astm", $"R record {record} field 9", $"date/time {local:yyyy-MM-dd HH:mm} lies outside the calendar in the meter's zone");
    }
}
