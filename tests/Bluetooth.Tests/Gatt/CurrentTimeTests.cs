using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Bluetooth.Gatt.Time;
using static TelemetryGateway.Bluetooth.Tests.Gatt.GattAssert;

namespace TelemetryGateway.Bluetooth.Tests.Gatt;

/// <summary>Current Time 0x2A2B (GSS §3.62; CTS v1.1).</summary>
public class CurrentTimeTests
{
    [Theory]
    // eisaev/blevalueparser tests/currenttimetest.cpp: Manual_255, External_0, TZChanged_1, DSTChanged_128, Sunday
    [InlineData("e7070102141607 01 ff 01", 2023, 1, 2, 1, 255, CurrentTimeAdjustReason.ManualTimeUpdate, 996)]
    [InlineData("e7070103141607 02 00 02", 2023, 1, 3, 2, 0, CurrentTimeAdjustReason.ExternalReferenceTimeUpdate, 0)]
    [InlineData("e7070104141607 03 01 04", 2023, 1, 4, 3, 1, CurrentTimeAdjustReason.ChangeOfTimeZone, 3)]
    [InlineData("e7070105141607 04 80 08", 2023, 1, 5, 4, 128, CurrentTimeAdjustReason.ChangeOfDst, 500)]
    public void Decodes_exact_time_256_and_adjust_reason(string hex, int year, int month, int day, byte dayOfWeek,
        byte fractions, CurrentTimeAdjustReason reason, int milliseconds)
    {
        var t = CurrentTime.Decode(Hex(hex));
        Assert.Equal(new GattDateTime(year, month, day, 20, 22, 7), t.DateTime);
        Assert.Equal(dayOfWeek, t.DayOfWeek);
        Assert.Equal(fractions, t.Fractions256);
        Assert.Equal(reason, t.AdjustReason);
        var clock = t.ToDeviceClock()!.Value;
        Assert.Equal(new DateTimeOffset(year, month, day, 20, 22, 7, TimeSpan.Zero), clock.AddTicks(-(clock.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Equal(milliseconds, clock.Millisecond);
        Assert.Equal(fractions * TimeSpan.TicksPerSecond / 256, clock.Ticks % TimeSpan.TicksPerSecond);
        Assert.Equal(hex.Replace(" ", ""), Convert.ToHexString(t.Encode()).ToLowerInvariant());
    }

    [Fact]
    public void Encodes_a_clock_setting_from_the_gateway_time()
    {
        // 2026-11-22 (a Sunday, GATT day 7) 07:48:30.5, set manually: fractions 128.
        var t = CurrentTime.From(new DateTimeOffset(2026, 11, 22, 7, 48, 30, 500, TimeSpan.FromHours(8)), CurrentTimeAdjustReason.ManualTimeUpdate);
        Assert.Equal("ea070b16" + "07301e" + "07" + "80" + "01", Convert.ToHexString(t.Encode()).ToLowerInvariant());
        // Monday is 1 (blevalueparser Manual_255: 2023-01-02).
        Assert.Equal(1, CurrentTime.From(new DateTimeOffset(2023, 1, 2, 20, 22, 7, TimeSpan.Zero), CurrentTimeAdjustReason.None).DayOfWeek);
    }

    [Fact]
    public void Reserved_bits_and_values_are_ignored()
    {
        // Adjust reason bits 4-7 are RFU: ignored on receipt, written as zero. Day of week 0xAA is RFU: kept,
        // read as "not known" (blevalueparser UnknownDayOfWeek accepts it too).
        var t = CurrentTime.Decode(Hex("e6070c1f173b3b aa ff f1"));
        Assert.Equal(CurrentTimeAdjustReason.ManualTimeUpdate, t.AdjustReason);
        Assert.Equal(0xAA, t.DayOfWeek);
        Assert.Equal("e6070c1f173b3b07ff01", Convert.ToHexString((t with { DayOfWeek = 7 }).Encode()).ToLowerInvariant());
        // A value longer than 10 octets is accepted: a later CTS revision may append fields.
        Assert.Equal(t, CurrentTime.Decode(Hex("e6070c1f173b3b aa ff f1 0808")));
        // We never write a reserved day of week.
        Assert.Throws<ArgumentException>(() => t.Encode());
    }

    [Theory]
    // blevalueparser TooShort: 9 octets
    [InlineData("e707010414160703 80", 9, "adjust reason")]
    [InlineData("e7070d04141607 03 80 00", 2, "month 13")]
    [InlineData("e7070104181607 03 80 00", 4, "hours 24")]
    [InlineData("", 0, "date time")]
    public void Rejects_short_or_impossible_times(string hex, int at, string problem) =>
        Rejects(hex, at, b => CurrentTime.Decode(b), problem);

    [Fact]
    public void Unknown_date_has_no_device_clock() =>
        Assert.Null(CurrentTime.Decode(Hex("00000000000000 00 00 00")).ToDeviceClock());
}
