namespace TelemetryGateway.Core;

/// <summary>Stable identity of a measurement, used to make every write idempotent (design.md "Delivery":
/// device identity + device record number or device time).</summary>
/// <remarks>
/// <para>A replay after a crash, a re-sync of the same meter memory, or two gateways pulling the same
/// device all produce the same key, so the hub stores the measurement once.</para>
/// <para>The kind is part of the key because one device record yields several readings: a BLE Blood
/// Pressure Measurement with record number 17 becomes bp.systolic, bp.diastolic, bp.mean and heart.rate,
/// all with record number 17; without the kind they would deduplicate each other away.</para>
/// <para>The measured time is taken as UTC ticks, so the same instant written with different offsets
/// gives the same key. It must be the skew-corrected time both gateways compute the same way; when the
/// device has record numbers they are used instead and clock corrections cannot matter.</para>
/// </remarks>
/// <param name="DeviceId">Stable device identity.</param>
/// <param name="Kind">Reading kind.</param>
/// <param name="Basis">What <paramref name="Discriminator"/> is.</param>
/// <param name="Discriminator">The record number, or the UTC ticks of the measured/received time.</param>
public readonly record struct IdempotencyKey(string DeviceId, string Kind, KeyBasis Basis, long Discriminator)
{
    /// <summary>The key of <paramref name="reading"/>: record number if present, else measured time,
    /// else (no device-side identity at all) received time.</summary>
    public static IdempotencyKey For(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (reading.DeviceRecordNumber is { } record)
        {
            return new(reading.DeviceId, reading.Kind, KeyBasis.RecordNumber, record);
        }
        if (reading.MeasuredAt is { } measured)
        {
            return new(reading.DeviceId, reading.Kind, KeyBasis.MeasuredTime, measured.UtcTicks);
        }
        return new(reading.DeviceId, reading.Kind, KeyBasis.ReceivedTime, reading.ReceivedAt.UtcTicks);
    }

    /// <summary>Text form for storage keys, e.g. <c>bp.systolic|r17|AA:BB:CC:DD:EE:FF</c>
    /// (<c>r</c> record number, <c>t</c> measured ticks, <c>x</c> received ticks).</summary>
    /// <remarks>The device id goes last: kinds and numbers never contain '|', so any device id, even one
    /// containing '|', yields an unambiguous string. The format is stored: never change it.</remarks>
    public override string ToString()
    {
        var tag = Basis switch
        {
            KeyBasis.RecordNumber => 'r',
            KeyBasis.MeasuredTime => 't',
            _ => 'x',
        };
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Kind}|{tag}{Discriminator}|{DeviceId}");
    }
}
