using TelemetryGateway.Core;

namespace TelemetryGateway.Core.Tests;

public class ReadingFlagNamesTests
{
    [Fact]
    public void Every_flag_has_a_unique_name_that_parses_back()
    {
        var flags = Enum.GetValues<ReadingFlags>().Where(f => f != ReadingFlags.None).ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var flag in flags)
        {
            var name = ReadingFlagNames.NameOf(flag);
            Assert.NotNull(name);
            Assert.True(names.Add(name), $"duplicate name {name}");
            Assert.True(ReadingFlagNames.TryParse(name, out var parsed));
            Assert.Equal(flag, parsed);
        }
    }

    [Fact]
    public void Every_flag_is_a_single_distinct_bit()
    {
        var flags = Enum.GetValues<ReadingFlags>().Where(f => f != ReadingFlags.None).Select(f => (long)f).ToArray();
        Assert.All(flags, f => Assert.Equal(1, long.PopCount(f)));
        Assert.Equal(flags.Length, flags.Distinct().Count());
    }

    [Fact]
    public void Names_come_in_bit_order()
    {
        var flags = ReadingFlags.High | ReadingFlags.IrregularPulse | ReadingFlags.BodyMovement;
        Assert.Equal(["body-movement", "irregular-pulse", "high"], ReadingFlagNames.ToNames(flags));
        Assert.Empty(ReadingFlagNames.ToNames(ReadingFlags.None));
    }

    [Fact]
    public void Parse_all_round_trips_and_reports_unknown_names()
    {
        var flags = ReadingFlags.ControlSolution | ReadingFlags.DeviceClockUncorrected;
        Assert.True(ReadingFlagNames.TryParseAll(ReadingFlagNames.ToNames(flags), out var parsed, out var unknown));
        Assert.Equal(flags, parsed);
        Assert.Null(unknown);

        Assert.False(ReadingFlagNames.TryParseAll(["low", "wobbly"], out parsed, out unknown));
        Assert.Equal(ReadingFlags.None, parsed);
        Assert.Equal("wobbly", unknown);
    }

    [Fact]
    public void Composite_values_have_no_single_name()
    {
        Assert.Null(ReadingFlagNames.NameOf(ReadingFlags.Low | ReadingFlags.High));
        Assert.False(ReadingFlagNames.TryParse("Low", out _)); // names are case-sensitive
        Assert.False(ReadingFlagNames.TryParse(null, out _));
    }
}
