namespace TelemetryGateway.Bluetooth.Gatt.Encoding;

/// <summary>The GATT "Date Time" structure (GATT Specification Supplement §3.70, 7 octets: year uint16,
/// month, day, hours, minutes, seconds), the time stamp of every health measurement.</summary>
/// <remarks>
/// Year 0, month 0 and day 0 mean "not known" (GSS §3.70). The structure carries no time zone: it is
/// the device's wall clock. <see cref="ToDeviceClock"/> therefore returns it with offset zero, and
/// readings built from it carry <c>ReadingFlags.DeviceClockUncorrected</c> until the sync layer, which
/// measures the device clock against the gateway's (Current Time), corrects it.
/// </remarks>
public readonly record struct GattDateTime(int Year, int Month, int Day, int Hours, int Minutes, int Seconds)
{
    /// <summary>Octets on the wire.</summary>
    public const int Size = 7;

    /// <summary>True when year, month and day are all known.</summary>
    public bool IsKnown => Year != 0 && Month != 0 && Day != 0;

    /// <summary>The device's wall clock time (offset zero), or null when the date is not known.</summary>
    public DateTimeOffset? ToDeviceClock() =>
        IsKnown ? new DateTimeOffset(Year, Month, Day, Hours, Minutes, Seconds, TimeSpan.Zero) : null;

    /// <summary>The structure for a wall clock time (sub-second part dropped).</summary>
    public static GattDateTime From(DateTimeOffset time) =>
        new(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second);

    /// <summary>Writes the 7 octets.</summary>
    /// <exception cref="ArgumentException">A field out of the range GSS §3.70 allows, or a short destination.</exception>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"Date Time needs {Size} bytes.", nameof(destination));
        }
        if (Validate(0) is { } problem)
        {
            throw new ArgumentException($"Not a GATT Date Time: {problem.Problem}.");
        }
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)Year);
        destination[2] = (byte)Month;
        destination[3] = (byte)Day;
        destination[4] = (byte)Hours;
        destination[5] = (byte)Minutes;
        destination[6] = (byte)Seconds;
    }

    /// <summary>The first field outside GSS §3.70's ranges (year 1582–9999 or 0, month 0–12, day 0–31,
    /// hours 0–23, minutes and seconds 0–59) or a day the month does not have; null when valid.
    /// <paramref name="start"/> is the offset of the structure, to name the offending byte.</summary>
    internal (int Byte, string Problem)? Validate(int start)
    {
        if (Year != 0 && Year is < 1582 or > 9999)
        {
            return (start, $"year {Year} outside 1582–9999 (0 = not known)");
        }
        if (Month > 12 || Month < 0)
        {
            return (start + 2, $"month {Month} outside 1–12 (0 = not known)");
        }
        if (Day > 31 || Day < 0)
        {
            return (start + 3, $"day {Day} outside 1–31 (0 = not known)");
        }
        if (Hours is > 23 or < 0)
        {
            return (start + 4, $"hours {Hours} outside 0–23");
        }
        if (Minutes is > 59 or < 0)
        {
            return (start + 5, $"minutes {Minutes} outside 0–59");
        }
        if (Seconds is > 59 or < 0)
        {
            return (start + 6, $"seconds {Seconds} outside 0–59");
        }
        if (IsKnown && Day > DateTime.DaysInMonth(Year, Month))
        {
            return (start + 3, $"day {Day} does not exist in {Year:D4}-{Month:D2}");
        }
        return null;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Year:D4}-{Month:D2}-{Day:D2} {Hours:D2}:{Minutes:D2}:{Seconds:D2}";
}
