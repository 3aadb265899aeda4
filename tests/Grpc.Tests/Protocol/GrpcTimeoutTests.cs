using TelemetryGateway.Grpc.Internal;

namespace TelemetryGateway.Grpc.Tests.Protocol;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("30S", 300_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("1500u", 15_000L)]
    [InlineData("1000n", 10L)]
    [InlineData("99n", 0L)] // below one 100 ns tick
    [InlineData("0S", 0L)]
    [InlineData("99999999m", 999_999_990_000L)]
    public void Parses_every_unit(string header, long expectedTicks)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(expectedTicks, timeout.Ticks);
    }

    [Fact]
    public void Largest_eight_digit_values_fit_a_TimeSpan()
    {
        // TimeSpan holds about 256 million hours, so the grammar's largest value (99,999,999 H) is exact.
        Assert.True(GrpcTimeout.TryParse("99999999H", out var timeout));
        Assert.Equal(TimeSpan.FromHours(99_999_999), timeout);
        Assert.True(GrpcTimeout.TryParse("99999999M", out var minutes));
        Assert.Equal(TimeSpan.FromMinutes(99_999_999), minutes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")] // units are case-sensitive: 's' is not a unit
    [InlineData("10X")]
    [InlineData("-5S")]
    [InlineData("1.5S")]
    [InlineData(" 5S")]
    [InlineData("123456789S")] // nine digits: the grammar allows at most eight
    public void Rejects_malformed_values(string header)
    {
        Assert.False(GrpcTimeout.TryParse(header, out _));
    }

    [Theory]
    [InlineData(1L, "100n")]
    [InlineData(999_999L, "99999900n")]
    [InlineData(1_000_000L, "100000u")]
    [InlineData(10_000_000L, "1000000u")]
    [InlineData(300_000_000L, "30000000u")]
    [InlineData(3_000_000_000L, "300000m")]
    [InlineData(0L, "1n")]
    public void Formats_in_the_finest_unit_that_fits_eight_digits(long ticks, string expected)
    {
        Assert.Equal(expected, GrpcTimeout.Format(TimeSpan.FromTicks(ticks)));
    }

    [Fact]
    public void Formatted_values_parse_back_without_shortening()
    {
        foreach (var timeout in new[] { TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(7.3), TimeSpan.FromMinutes(90), TimeSpan.FromDays(400), TimeSpan.FromTicks(123_456_789_123) })
        {
            Assert.True(GrpcTimeout.TryParse(GrpcTimeout.Format(timeout), out var parsed));
            Assert.True(parsed >= timeout, $"{timeout} formatted as {GrpcTimeout.Format(timeout)} parsed as {parsed}");
        }
        Assert.Equal("99999999H", GrpcTimeout.Format(TimeSpan.MaxValue));
    }
}
