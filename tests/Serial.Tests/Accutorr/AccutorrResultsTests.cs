using TelemetryGateway.Serial.Accutorr;

namespace TelemetryGateway.Serial.Tests.Accutorr;

/// <summary>
/// Which poll shows a new NIBP result when the monitor gives only its latest values and whole minutes since it
/// was taken: one result seen across a minute boundary stays one, a repeat of equal values later is a new one.
/// </summary>
public sealed class AccutorrResultsTests
{
    private static readonly DateTimeOffset Ten = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static AccutorrPatientData Line(int systolic, int diastolic, int elapsed) => new(97, 72, systolic, 95, diastolic, 0, 0, 0, elapsed);

    [Fact]
    public void A_result_is_dated_now_to_the_minute_less_the_elapsed_minutes_and_numbered_by_that_date()
    {
        var first = AccutorrResults.Next(Line(128, 82, elapsed: 3), last: null, Ten.AddSeconds(42));
        Assert.Equal(new AccutorrResult(20261207095701, Ten.AddMinutes(-3), 128, 82, 95, 72, 97), first);
    }

    [Fact]
    public void A_gateway_that_lost_its_state_numbers_a_new_result_apart_from_the_old_ones()
    {
        // The old result is at the hub as 20261207095701; the state is lost; a new measurement 20 minutes later.
        var old = AccutorrResults.Next(Line(128, 82, elapsed: 3), last: null, Ten)!;
        var afterLoss = AccutorrResults.Next(Line(128, 82, elapsed: 0), last: null, Ten.AddMinutes(20))!;
        Assert.NotEqual(old.Number, afterLoss.Number);
        Assert.Equal(20261207102001, afterLoss.Number);
    }

    [Fact]
    public void Same_result_polled_again_across_a_minute_boundary_is_not_new()
    {
        var first = AccutorrResults.Next(Line(128, 82, elapsed: 3), null, Ten.AddSeconds(59))!;   // dated 09:57
        // One second later the clock passed 10:01 but the monitor's elapsed count has not ticked yet: dated 09:58.
        Assert.Null(AccutorrResults.Next(Line(128, 82, elapsed: 3), first, Ten.AddSeconds(61)));
        // Then it ticks: dated 09:57 again.
        Assert.Null(AccutorrResults.Next(Line(128, 82, elapsed: 4), first, Ten.AddSeconds(62)));
    }

    [Fact]
    public void Different_values_within_the_same_minute_are_a_new_result_with_the_next_ordinal()
    {
        var first = AccutorrResults.Next(Line(128, 82, elapsed: 0), null, Ten)!;
        var second = AccutorrResults.Next(Line(131, 84, elapsed: 0), first, Ten.AddSeconds(40));
        Assert.Equal(20261207100001, first.Number);
        Assert.Equal(new AccutorrResult(20261207100002, Ten, 131, 84, 95, 72, 97), second);
    }

    [Fact]
    public void Equal_values_measured_minutes_later_are_a_new_result()
    {
        var first = AccutorrResults.Next(Line(128, 82, elapsed: 0), null, Ten)!;
        var again = AccutorrResults.Next(Line(128, 82, elapsed: 0), first, Ten.AddMinutes(15));
        Assert.Equal(20261207101501, again!.Number);
        Assert.Equal(Ten.AddMinutes(15), again.MeasuredAt);
    }

    [Fact]
    public void Nothing_measured_yet_is_no_result_and_keeps_the_numbering()
    {
        Assert.Null(AccutorrResults.Next(new AccutorrPatientData(null, null, null, null, null, 0, 0, 0, null), null, Ten));
    }
}
