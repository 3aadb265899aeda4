using TelemetryGateway.Bluetooth.BlueZ;
using TelemetryGateway.Bluetooth.Gatt;
using TelemetryGateway.Bluetooth.Gatt.Time;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Sync;

/// <summary>
/// Clock skew through the Current Time Service (CTS v1.1 §3.1, Current Time 0x2A2B). The device stores
/// measurement times on its own wall clock, with no zone; the offset (gateway UTC minus device wall clock
/// read as if UTC) therefore absorbs both drift and the device's time zone, and adding it to a record's
/// device time gives the gateway's estimate of when it was measured.
/// </summary>
/// <remarks>
/// The offset is rounded to whole seconds: the GATT Date Time has one-second resolution, and readings
/// without record numbers (BP cuffs) are keyed by corrected time, so the same record re-sent on a later
/// visit must correct to the same instant despite milliseconds of read latency.
/// </remarks>
public static class DeviceClock
{
    /// <summary>
    /// Gateway clock minus device clock, or null when the device has no readable Current Time or sends a
    /// malformed one (then the readings keep <see cref="ReadingFlags.DeviceClockUncorrected"/>: the records
    /// still sync, uncorrected, rather than not at all).
    /// </summary>
    public static async Task<TimeSpan?> MeasureOffsetAsync(BlePeripheral device, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(time);
        if (!device.Allows(GattCharacteristics.CurrentTime, "read"))
        {
            return null;
        }

        var before = time.GetUtcNow();
        var value = await device.ReadAsync(GattCharacteristics.CurrentTime, ct).ConfigureAwait(false);
        var after = time.GetUtcNow();
        DateTimeOffset deviceClock;
        try
        {
            if (CurrentTime.Decode(value).ToDeviceClock() is not { } known)
            {
                return null;
            }

            deviceClock = known;
        }
        catch (DeviceFormatException)
        {
            return null;
        }

        // The device read its clock somewhere inside the round trip: take the middle.
        var gateway = before + ((after - before) / 2);
        return TimeSpan.FromSeconds(Math.Round((gateway - deviceClock).TotalSeconds));
    }

    /// <summary>
    /// Readings with MeasuredAt moved by <paramref name="offset"/>, the time the device reported kept as
    /// <see cref="Reading.DeviceTime"/> (an auditor sees what the device said next to the correction) and
    /// <see cref="ReadingFlags.DeviceClockUncorrected"/> cleared; unchanged when the offset is unknown.
    /// </summary>
    public static IReadOnlyList<Reading> Correct(IReadOnlyList<Reading> readings, TimeSpan? offset)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (offset is not { } known)
        {
            return readings;
        }

        return [.. readings.Select(r => r.MeasuredAt is { } measured
            ? r with { MeasuredAt = measured + known, DeviceTime = measured, Flags = r.Flags & ~ReadingFlags.DeviceClockUncorrected }
            : r)];
    }

    /// <summary>Writes the gateway's local wall time to the device's Current Time when it allows writes.</summary>
    /// <returns>True when written.</returns>
    public static async Task<bool> TrySetAsync(BlePeripheral device, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(time);
        if (!device.Allows(GattCharacteristics.CurrentTime, "write"))
        {
            return false;
        }

        var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), time.LocalTimeZone);
        var value = CurrentTime.From(local, CurrentTimeAdjustReason.ExternalReferenceTimeUpdate).Encode();
        await device.WriteAsync(GattCharacteristics.CurrentTime, value, withResponse: true, ct).ConfigureAwait(false);
        return true;
    }
}
