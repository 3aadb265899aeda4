using TelemetryGateway.Serial.Astm.Link;
using TelemetryGateway.Serial.Tests.Infrastructure;

namespace TelemetryGateway.Serial.Tests.Astm;

/// <summary>The E1381 receiving state machine: replies, retransmissions, timeouts, restarts (E1381 §6.2–§6.5).</summary>
public sealed class ReceiverTests
{
    private static string Frame(int number, string text, bool end = false)
    {
        var frame = new AstmFrame(number, Bytes.Of(text), end).Encode();
        return Bytes.Latin1(frame);
    }

    private static List<AstmLinkEvent> Feed(AstmReceiver receiver, string input)
    {
        var events = new List<AstmLinkEvent>();
        receiver.Feed(Bytes.Of(input), events);
        return events;
    }

    private static string Replies(IEnumerable<AstmLinkEvent> events) =>
        string.Join(' ', events.Where(e => e.Kind == AstmLinkEventKind.Reply).Select(e => e.ToString()));

    [Fact]
    public void Encoded_frame_has_the_layout_of_E1381_6_3_1()
    {
        // STX '1' "P|1" CR ETX: checksum = 0x31+0x50+0x7C+0x31+0x0D+0x03 = 0x13E → "3E".
        Assert.Equal("02 31 50 7C 31 0D 03 33 45 0D 0A", BitConverter.ToString(new AstmFrame(1, Bytes.Of("P|1\r"), true).Encode()).Replace('-', ' '));
    }

    [Fact]
    public void A_bad_checksum_is_NAKed_and_the_retransmission_ACKed()
    {
        var receiver = new AstmReceiver();
        var good = Frame(1, "P|1\r", end: true);
        var bad = good.Replace("\x03" + "3E", "\x03" + "3F", StringComparison.Ordinal);

        var events = Feed(receiver, $"{Bytes.Enq}{bad}{good}");

        Assert.Equal("ACK NAK ACK", Replies(events));
        var rejected = Assert.Single(events, e => e.Kind == AstmLinkEventKind.FrameRejected);
        Assert.Equal("frame 1: checksum 3F stated, 3E computed", rejected.Text);
        Assert.Equal(["P|1"], events.Where(e => e.Kind == AstmLinkEventKind.Record).Select(e => e.Text));
    }

    [Fact]
    public void A_frame_out_of_sequence_is_NAKed()
    {
        var receiver = new AstmReceiver();
        var events = Feed(receiver, $"{Bytes.Enq}{Frame(2, "P|1\r")}");

        Assert.Equal("ACK NAK", Replies(events));
        Assert.Equal("frame number 2, expected 1", Assert.Single(events, e => e.Kind == AstmLinkEventKind.FrameRejected).Text);
    }

    [Fact]
    public void A_frame_cut_by_EOT_is_defective_and_the_EOT_still_ends_the_transfer()
    {
        var receiver = new AstmReceiver();
        var events = Feed(receiver, $"{Bytes.Enq}{Bytes.Stx}1R|1|^^^Glu{Bytes.Eot}");

        Assert.Equal("ACK NAK", Replies(events));
        Assert.Contains("restricted character 0x04", Assert.Single(events, e => e.Kind == AstmLinkEventKind.FrameRejected).Text);
        Assert.Equal(AstmLinkEventKind.TransferEnded, events[^1].Kind);
        Assert.False(receiver.InTransfer);
    }

    [Fact]
    public void Bytes_arriving_one_at_a_time_give_the_same_result()
    {
        var receiver = new AstmReceiver();
        var events = new List<AstmLinkEvent>();
        foreach (var b in Bytes.Of($"{Bytes.Enq}{Frame(1, "H|\\^&\r")}{Frame(2, "L|1\r", end: true)}{Bytes.Eot}"))
        {
            receiver.Feed([b], events);
        }

        Assert.Equal("ACK ACK ACK", Replies(events));
        Assert.Equal(["H|\\^&", "L|1"], events.Where(e => e.Kind == AstmLinkEventKind.Record).Select(e => e.Text));
    }

    [Fact]
    public void A_record_split_over_intermediate_frames_is_joined()
    {
        var receiver = new AstmReceiver();
        var events = Feed(receiver, $"{Bytes.Enq}{Frame(1, "R|1|^^^Gluc")}{Frame(2, "ose|5.5|mmol/L\r", end: true)}");

        Assert.Equal(["R|1|^^^Glucose|5.5|mmol/L"], events.Where(e => e.Kind == AstmLinkEventKind.Record).Select(e => e.Text));
    }

    [Fact]
    public void Receiver_timeout_discards_the_incomplete_record_and_returns_to_neutral()
    {
        var receiver = new AstmReceiver();
        Feed(receiver, $"{Bytes.Enq}{Frame(1, "R|1|^^^Gluc")}");
        var events = new List<AstmLinkEvent>();

        receiver.TimedOut(events);

        Assert.False(receiver.InTransfer);
        Assert.Equal(AstmLinkEventKind.TransferAborted, Assert.Single(events).Kind);
        // A frame now is ignored (neutral): no reply until the next ENQ.
        Assert.Equal("", Replies(Feed(receiver, Frame(2, "ose|5\r"))));
        Assert.Equal("ACK ACK", Replies(Feed(receiver, $"{Bytes.Enq}{Frame(1, "L|1\r", end: true)}")));
    }

    [Fact]
    public void ENQ_during_a_transfer_restarts_it_at_frame_1()
    {
        var receiver = new AstmReceiver();
        var events = Feed(receiver, $"{Bytes.Enq}{Frame(1, "H|\\^&\r")}{Frame(2, "R|1|^^^Glu")}{Bytes.Enq}{Frame(1, "H|\\^&\r")}");

        Assert.Equal("ACK ACK ACK ACK ACK", Replies(events));
        Assert.Single(events, e => e.Kind == AstmLinkEventKind.TransferAborted);
        Assert.Equal(2, events.Count(e => e.Kind == AstmLinkEventKind.Record));
    }

    [Fact]
    public void A_frame_whose_checksum_is_not_followed_by_CR_LF_is_NAKed()
    {
        // E1381 §6.3.1: ... C1 C2 CR LF. Here LF is missing (CR then the next frame's STX).
        var receiver = new AstmReceiver();
        var events = Feed(receiver, $"{Bytes.Enq}{Frame(1, "P|1\r", end: true)[..^1]}X{Frame(1, "P|1\r", end: true)}");

        Assert.Equal("ACK NAK ACK", Replies(events));
        Assert.Equal("frame 1: checksum not followed by CR LF", Assert.Single(events, e => e.Kind == AstmLinkEventKind.FrameRejected).Text);
        Assert.Equal(["P|1"], events.Where(e => e.Kind == AstmLinkEventKind.Record).Select(e => e.Text));
    }

    [Fact]
    public void Text_longer_than_240_characters_is_defective()
    {
        var receiver = new AstmReceiver();
        var events = Feed(receiver, $"{Bytes.Enq}{Bytes.Stx}1{new string('A', 241)}{Bytes.Etx}00\r\n");

        Assert.Contains("no ETB/ETX within 240", Assert.Single(events, e => e.Kind == AstmLinkEventKind.FrameRejected).Text);
    }
}
