using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.Time;

/// <summary>Current Time Adjust Reason (CTS v1.1; GSS §3.62): bits 4–7 RFU, ignored on receipt
/// and written as zero.</summary>
[Flags]
public enum CurrentTimeAdjustReason : byte
{
    None = 0,
    ManualTimeUpdate = 0x01,
    ExternalReferenceTimeUpdate = 0x02,
    ChangeOfTimeZone = 0x04,
    ChangeOfDst = 0x08,
}

/// <summary>Current Time, 0x2A2B (CTS v1.1; GSS §3.62): Exact Time 256 (Day Date Time + Fractions256)
/// followed by Adjust Reason, 10 octets. Read to measure a device's clock, written to set it.</summary>
/// <param name="DateTime">Device wall clock.</param>
/// <param name="DayOfWeek">GSS §3.73: 1 Monday … 7 Sunday; 0 = not known (8–255 RFU).</param>
/// <param name="Fractions256">1/256 s units.</param>
/// <param name="AdjustReason">Why the clock was last changed.</param>
public sealed record CurrentTime(GattDateTime DateTime, byte DayOfWeek, byte Fractions256, CurrentTimeAdjustReason AdjustReason)
{
    /// <summary>Octets on the wire.</summary>
    public const int Size = 10;

    private const CurrentTimeAdjustReason DefinedReasons = (CurrentTimeAdjustReason)0x0F;

    /// <summary>The device clock reading (offset zero, as GATT time has no zone), to the 1/256 s; null
    /// when the date is not known.</summary>
    public DateTimeOffset? ToDeviceClock() =>
        DateTime.ToDeviceClock()?.AddTicks(Fractions256 * TimeSpan.TicksPerSecond / 256);

    /// <summary>The value to write to set a device clock to <paramref name="wallClock"/> (its local wall
    /// time: the offset is dropped, since the device keeps no zone).</summary>
    public static CurrentTime From(DateTimeOffset wallClock, CurrentTimeAdjustReason reason) => new(
        GattDateTime.From(wallClock),
        // System.DayOfWeek counts Sunday = 0; GATT counts Monday = 1 … Sunday = 7.
        (byte)(wallClock.DayOfWeek == System.DayOfWeek.Sunday ? 7 : (int)wallClock.DayOfWeek),
        (byte)(wallClock.Ticks % TimeSpan.TicksPerSecond * 256 / TimeSpan.TicksPerSecond),
        reason);

    /// <remarks>Day of week 8–255 (RFU) is kept as sent and means "not known": the date already says which
    /// day it is, and rejecting the clock for a redundant field would leave the device clock unmeasured.
    /// Octets after the tenth are ignored (a later revision may append fields).</remarks>
    /// <exception cref="DeviceFormatException">Fewer than 10 bytes or an invalid date or time (names the byte).</exception>
    public static CurrentTime Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, GattCharacteristics.CurrentTime);
        var time = reader.DateTime("date time");
        var day = reader.U8("day of week");
        var fractions = reader.U8("fractions256");
        var reason = (CurrentTimeAdjustReason)reader.U8("adjust reason") & DefinedReasons;
        return new CurrentTime(time, day, fractions, reason);
    }

    /// <summary>The 10 octets to write.</summary>
    /// <exception cref="ArgumentException">A field outside its range.</exception>
    public byte[] Encode()
    {
        if (DayOfWeek > 7)
        {
            throw new ArgumentException($"Day of week {DayOfWeek} is outside 0–7.");
        }
        var bytes = new byte[Size];
        DateTime.WriteTo(bytes);
        bytes[7] = DayOfWeek;
        bytes[8] = Fractions256;
        bytes[9] = (byte)(AdjustReason & DefinedReasons);
        return bytes;
    }
}
