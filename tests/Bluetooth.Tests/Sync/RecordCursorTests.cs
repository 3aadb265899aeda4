using TelemetryGateway.Bluetooth.Sync;

namespace TelemetryGateway.Bluetooth.Tests.Sync;

/// <summary>The glucose cursor: numbering epochs and the one-line form the gateway keeps on disk.</summary>
public sealed class RecordCursorTests
{
    [Fact]
    public void Epoch_zero_record_numbers_are_the_meters_own_sequence_numbers()
    {
        var cursor = new RecordCursor(50, "123200");
        Assert.Equal(0, cursor.Epoch);
        Assert.Equal(50, cursor.Sequence);
        Assert.Equal(51, cursor.RecordOf(51));
    }

    [Fact]
    public void A_restart_starts_the_next_epoch_with_nothing_committed_in_it()
    {
        var next = new RecordCursor(50, "123200").NextEpoch();
        Assert.Equal(65536, next.Record);
        Assert.Equal(1, next.Epoch);
        Assert.Equal(0, next.Sequence); // 0: report all
        Assert.Null(next.Anchor);
        Assert.Equal(65537, next.RecordOf(1));
        Assert.Equal(2 * 65536 + 7, new RecordCursor((2 * 65536) + 3).RecordOf(7));
    }

    [Theory]
    [InlineData("53", 53, null)] // a cursor file written before anchors existed
    [InlineData("53 02350002\n", 53, "02350002")]
    [InlineData("65540 0204000A", 65540, "0204000A")]
    public void The_file_form_round_trips(string text, long record, string? anchor)
    {
        var cursor = RecordCursor.Parse(text);
        Assert.Equal(record, cursor.Record);
        Assert.Equal(anchor, cursor.Anchor);
        Assert.Equal(cursor, RecordCursor.Parse(cursor.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("x 0102")]
    [InlineData("53 01g2")]
    [InlineData("53 012")]
    public void A_damaged_file_form_is_refused(string text) =>
        Assert.Throws<FormatException>(() => RecordCursor.Parse(text));
}
