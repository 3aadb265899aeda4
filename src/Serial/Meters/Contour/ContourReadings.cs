using TelemetryGateway.Core;

namespace TelemetryGateway.Serial.Meters.Contour;

/// <summary>Turns a meter's results into <see cref="Reading"/>s.</summary>
public static class ContourReadings
{
    /// <summary>
    /// One glucose reading in mmol/L (UnitConversion), the value as sent in <see cref="Reading.Reported"/>, the
    /// record number as <see cref="Reading.DeviceRecordNumber"/>, Bulk priority (a memory download).
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

        DateTimeOffset? measured = result.MeasuredLocal is { } local
            ? new DateTimeOffset(local, meterZone.GetUtcOffset(local))
            : null;
        return new Reading
        {
            Kind = ReadingKinds.Glucose,
            Value = canonical.Value.Value,
            Unit = canonical.Value.Unit,
            DeviceId = meter.SerialNumber,
            Source = ReadingSource.Serial,
            MeasuredAt = measured,
            ReceivedAt = receivedAt,
            DeviceRecordNumber = result.RecordNumber,
            // The meter's clock is set by hand and never synchronised: say so.
            Flags = result.Flags | (measured is null ? ReadingFlags.None : ReadingFlags.DeviceClockUncorrected),
            Reported = new Quantity(result.Value, result.Unit),
            Priority = ReadingPriority.Bulk,
        };
    }
}
