using TelemetryGateway.Core;
using TelemetryGateway.Serial.Meters.Contour;

namespace TelemetryGateway.Serial.Tests.Astm;

/// <summary>
/// A Contour result's identity is what the meter stored (time to the minute, ordinal within the minute), not its
/// E1394 §10.1.2 position: the same result keeps it when older results drop off the front or the memory is renumbered.
/// </summary>
public sealed class ContourRecordIdentityTests
{
    private const string Header = "H|\\^&||sim|Bayer7390^01.24^7390-ID00001^7403-|A=1|{0}||||||1|202612010000";

    [Fact]
    public void The_identity_is_the_stored_minute_in_decimal_digits_and_the_ordinal()
    {
        Assert.Equal(20261101073001, ContourRecordIdentity.Of(ContourRecordIdentity.Minute(new DateTime(2026, 11, 1, 7, 30, 59)), 1));
        Assert.Equal(99991231235999, ContourRecordIdentity.Of(ContourRecordIdentity.Minute(new DateTime(9999, 12, 31, 23, 59, 0)), 99));
        Assert.Equal((202611010730L, 2), ContourRecordIdentity.Split(20261101073002));
        // No stored time: minute 0, the ordinal alone.
        Assert.Equal(3, ContourRecordIdentity.Of(ContourRecordIdentity.Minute(null), 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ContourRecordIdentity.Of(0, 100));
    }

    [Fact]
    public void Results_of_the_same_minute_are_told_apart_by_their_order_in_the_transfer()
    {
        var identities = Decode(
            "R|1|^^^Glucose|100|mg/dL^P||||202611010730",
            "R|2|^^^Glucose|110|mg/dL^P||C||202611010730",
            "R|3|^^^Glucose|130|mg/dL^P||||202611010730",
            "R|4|^^^Glucose|140|mg/dL^P||||202611010731");

        Assert.Equal([20261101073001, 20261101073002, 20261101073003, 20261101073101], identities);
    }

    [Fact]
    public void Same_minute_ordinals_follow_storage_order_when_the_meter_sends_newest_first()
    {
        // Synced: A at 07:30. Then C is stored at 07:30 too; newest first, C comes before A.
        var before = Decode(
            "R|1|^^^Glucose|100|mg/dL^P||||202611010730",
            "R|2|^^^Glucose|90|mg/dL^P||||202611010600");
        var after = Decode(
            "R|1|^^^Glucose|120|mg/dL^P||||202611010730",
            "R|2|^^^Glucose|100|mg/dL^P||||202611010730",
            "R|3|^^^Glucose|90|mg/dL^P||||202611010600");

        Assert.Equal([20261101073001, 20261101060001], before);
        Assert.Equal([20261101073002, 20261101073001, 20261101060001], after);
    }

    [Fact]
    public void Oldest_first_results_are_let_go_as_they_arrive_once_the_order_shows()
    {
        var decoder = Started();
        Assert.Empty(decoder.Accept("R|1|^^^Glucose|100|mg/dL^P||||202611010730"));
        Assert.Equal([20261101073001, 20261101080001], decoder.Accept("R|2|^^^Glucose|110|mg/dL^P||||202611010800").Select(r => r.Identity));
        Assert.Equal([20261101080002], decoder.Accept("R|3|^^^Glucose|120|mg/dL^P||||202611010800").Select(r => r.Identity));
    }

    [Fact]
    public void A_meter_that_sends_seconds_is_identified_to_the_second_and_a_minute_meter_keeps_its_identities()
    {
        var seconds = Decode(
            "R|1|^^^Glucose|100|mg/dL^P||||20261101073005",
            "R|2|^^^Glucose|110|mg/dL^P||||20261101073045",
            "R|3|^^^Glucose|120|mg/dL^P||||20261101073045");
        var minutes = Decode("R|1|^^^Glucose|100|mg/dL^P||||202611010730");

        Assert.Equal([2026110107300501, 2026110107304501, 2026110107304502], seconds);
        Assert.Equal([20261101073001], minutes);
        Assert.True(seconds.All(i => i < (1L << 53)));
    }

    [Theory]
    [InlineData("L|1||N", true)]
    [InlineData("L|1", true)]
    [InlineData("L|1|N", true)]
    [InlineData("L|1||T", false)]
    [InlineData("L|1|T", false)]
    [InlineData("L|1||E", false)]
    [InlineData("L|1|Q", false)]
    public void Only_a_normal_termination_code_completes_the_transfer(string terminator, bool complete)
    {
        var decoder = Started();
        decoder.Accept("R|1|^^^Glucose|100|mg/dL^P||||202611010730");

        var released = decoder.Accept(terminator);

        Assert.Equal(complete, decoder.Complete);
        // Aborted like a cut: a held minute (order unknown) is not numbered on a guess; the next transfer brings it.
        Assert.Equal(complete ? 1 : 0, released.Count);
    }

    [Fact]
    public void A_cut_newest_first_transfer_lets_go_no_minute_that_may_lack_its_older_results()
    {
        var decoder = Started();
        Assert.Empty(decoder.Accept("R|1|^^^Glucose|120|mg/dL^P||||202611010800"));
        Assert.Equal([20261101080001], decoder.Accept("R|2|^^^Glucose|110|mg/dL^P||||202611010730").Select(r => r.Identity));
        Assert.Empty(decoder.Cut());
    }

    [Fact]
    public void Identities_do_not_move_when_older_results_drop_off_the_front_and_positions_shift()
    {
        var full = Decode(
            "R|1|^^^Glucose|100|mg/dL^P||||202611010730",
            "R|2|^^^Glucose|110|mg/dL^P||||202611011130",
            "R|3|^^^Glucose|120|mg/dL^P||||202611011530",
            "R|4|^^^Glucose|130|mg/dL^P||||202611011930");
        // The memory full: the oldest dropped, one new result, every position one lower.
        var wrapped = Decode(
            "R|1|^^^Glucose|110|mg/dL^P||||202611011130",
            "R|2|^^^Glucose|120|mg/dL^P||||202611011530",
            "R|3|^^^Glucose|130|mg/dL^P||||202611011930",
            "R|4|^^^Glucose|140|mg/dL^P||||202611012330");

        Assert.Equal(full[1..], wrapped[..3]);
        Assert.DoesNotContain(wrapped[3], full);
    }

    [Fact]
    public void A_new_header_starts_the_ordinals_again()
    {
        var decoder = new ContourMessageDecoder();
        decoder.Accept(string.Format(System.Globalization.CultureInfo.InvariantCulture, Header, 1));
        decoder.Accept("R|1|^^^Glucose|100|mg/dL^P||||202611010730");
        var first = Assert.Single(decoder.Accept("L|1||N"));
        decoder.Accept(string.Format(System.Globalization.CultureInfo.InvariantCulture, Header, 1));
        decoder.Accept("R|1|^^^Glucose|100|mg/dL^P||||202611010730");
        var again = Assert.Single(decoder.Accept("L|1||N"));

        Assert.Equal(first.Identity, again.Identity);
    }

    [Fact]
    public void The_reading_carries_the_identity_and_errors_still_name_the_position()
    {
        var decoder = new ContourMessageDecoder();
        decoder.Accept(string.Format(System.Globalization.CultureInfo.InvariantCulture, Header, 1));
        decoder.Accept("R|7|^^^Glucose|100|mg/dL^P||||202611010730");
        var result = Assert.Single(decoder.Release());
        var reading = ContourReadings.ToReading(result, decoder.Meter!, TimeZoneInfo.Utc, DateTimeOffset.UnixEpoch);

        Assert.Equal(7, result.RecordNumber);
        Assert.Equal(20261101073001, reading.DeviceRecordNumber);
        decoder.Accept("R|8|^^^Glucose|100|mmHg||||202611010730");
        var bad = Assert.Single(decoder.Release());
        var error = Assert.Throws<DeviceFormatException>(() => ContourReadings.ToReading(bad, decoder.Meter!, TimeZoneInfo.Utc, DateTimeOffset.UnixEpoch));
        Assert.Contains("R record 8", error.Message, StringComparison.Ordinal);
    }

    private static ContourMessageDecoder Started()
    {
        var decoder = new ContourMessageDecoder();
        decoder.Accept(string.Format(System.Globalization.CultureInfo.InvariantCulture, Header, 1));
        return decoder;
    }

    // Identities in transfer order.
    private static List<long> Decode(params string[] results)
    {
        var decoder = new ContourMessageDecoder();
        decoder.Accept(string.Format(System.Globalization.CultureInfo.InvariantCulture, Header, results.Length));
        var identities = results.SelectMany(r => decoder.Accept(r)).ToList();
        identities.AddRange(decoder.Accept("L|1||N"));
        return [.. identities.Select(r => r.Identity)];
    }
}
