using System.Text;

namespace TelemetryGateway.Serial.Astm.Link;

/// <summary>
/// The receiving side of the E1381 data link as a pure state machine: bytes in, <see cref="AstmLinkEvent"/>s
/// out (replies to send, records, counters), no I/O and no clock. The gateway is always the receiver: it never
/// sends ENQ, so it never contends for the line (E1381 §6.2.1) and only answers.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Neutral: ENQ → ACK, transfer phase with frame number 1 expected (§6.2, §6.3.2). Anything else is noise.</item>
/// <item>Transfer: a good frame with the expected number → ACK; the previous number again → ACK and ignore
/// (our ACK was lost); a defective frame or another number → NAK (§6.3.4, §6.5.1). EOT → neutral (§6.4).</item>
/// <item>The 30 s receiver timeout (§6.5.2) is the caller's clock: it calls <see cref="TimedOut"/>.</item>
/// <item>A record ends at CR (E1394: each record ends with a carriage return); an end frame (ETX) also ends
/// one. A record longer than <see cref="MaxRecordLength"/> is discarded with a FrameRejected event.</item>
/// </list>
/// </remarks>
public sealed class AstmReceiver
{
    /// <summary>Longest record kept (a record may span frames; meters send a few hundred characters).</summary>
    public const int MaxRecordLength = 64 * 1024;

    private readonly List<byte> _pending = new(AstmControl.MaxFrameLength * 2);
    private readonly List<byte> _record = new(256);
    private bool _recordOverflow;
    private int _expected;
    private bool _anyAccepted;

    /// <summary>True between ENQ and EOT (or abort).</summary>
    public bool InTransfer { get; private set; }

    /// <summary>Consumes <paramref name="input"/>; appends what happened to <paramref name="events"/> in order.</summary>
    public void Feed(ReadOnlySpan<byte> input, ICollection<AstmLinkEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var b in input)
        {
            _pending.Add(b);
        }

        var buffer = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending);
        var position = 0;
        while (position < buffer.Length)
        {
            var used = InTransfer ? StepTransfer(buffer[position..], events) : StepNeutral(buffer[position], events);
            if (used == 0)
            {
                break;
            }

            position += used;
        }

        _pending.RemoveRange(0, position);
    }

    /// <summary>No frame or EOT within the receiver timeout: back to neutral, the incomplete record discarded.</summary>
    public void TimedOut(ICollection<AstmLinkEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (InTransfer)
        {
            Abort(events, "receiver timeout: no frame or EOT");
        }

        _pending.Clear();
    }

    /// <summary>The line went away (unplug): forget any partial frame or record.</summary>
    public void Reset(ICollection<AstmLinkEvent> events, string reason)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (InTransfer)
        {
            Abort(events, reason);
        }

        _pending.Clear();
    }

    private int StepNeutral(byte b, ICollection<AstmLinkEvent> events)
    {
        if (b == AstmControl.Enq)
        {
            Start(events);
        }

        // EOT, stray ACK/NAK and line noise in neutral are ignored.
        return 1;
    }

    private int StepTransfer(ReadOnlySpan<byte> buffer, ICollection<AstmLinkEvent> events)
    {
        switch (buffer[0])
        {
            case AstmControl.Stx:
                return ReadFrame(buffer, events);
            case AstmControl.Eot:
                End(events);
                return 1;
            case AstmControl.Enq:
                // The sender started over (it timed out on our reply or was reset): drop what is incomplete.
                Abort(events, "ENQ during the transfer: the sender restarted");
                Start(events);
                return 1;
            default:
                return 1;
        }
    }

    private int ReadFrame(ReadOnlySpan<byte> buffer, ICollection<AstmLinkEvent> events)
    {
        var status = AstmFrameReader.TryRead(buffer, out var frame, out var consumed, out var problem);
        switch (status)
        {
            case FrameReadStatus.NeedMore:
                return 0;
            case FrameReadStatus.Defective:
                events.Add(new AstmLinkEvent(AstmLinkEventKind.FrameRejected, Text: problem));
                events.Add(AstmLinkEvent.Send(AstmControl.Nak));
                return consumed;
        }

        if (frame!.Number == _expected)
        {
            events.Add(new AstmLinkEvent(AstmLinkEventKind.FrameAccepted, FrameNumber: frame.Number));
            events.Add(AstmLinkEvent.Send(AstmControl.Ack));
            _anyAccepted = true;
            _expected = (_expected + 1) % AstmControl.FrameNumberModulus;
            AppendText(frame, events);
        }
        else if (_anyAccepted && frame.Number == (_expected + AstmControl.FrameNumberModulus - 1) % AstmControl.FrameNumberModulus)
        {
            events.Add(new AstmLinkEvent(AstmLinkEventKind.FrameRepeated, FrameNumber: frame.Number));
            events.Add(AstmLinkEvent.Send(AstmControl.Ack));
        }
        else
        {
            events.Add(new AstmLinkEvent(AstmLinkEventKind.FrameRejected, FrameNumber: frame.Number,
                Text: $"frame number {frame.Number}, expected {_expected}"));
            events.Add(AstmLinkEvent.Send(AstmControl.Nak));
        }

        return consumed;
    }

    private void AppendText(AstmFrame frame, ICollection<AstmLinkEvent> events)
    {
        foreach (var b in frame.Text)
        {
            if (b == AstmControl.Cr)
            {
                EmitRecord(events);
            }
            else if (_record.Count < MaxRecordLength)
            {
                _record.Add(b);
            }
            else
            {
                _recordOverflow = true;
            }
        }

        if (frame.IsEnd && _record.Count > 0)
        {
            EmitRecord(events);
        }
    }

    private void EmitRecord(ICollection<AstmLinkEvent> events)
    {
        if (_recordOverflow)
        {
            events.Add(new AstmLinkEvent(AstmLinkEventKind.FrameRejected, Text: $"record longer than {MaxRecordLength} characters discarded"));
        }
        else if (_record.Count > 0)
        {
            // E1394 text is 8-bit; Latin-1 maps every byte to one character, so nothing is lost or replaced.
            events.Add(new AstmLinkEvent(AstmLinkEventKind.Record, Text: Encoding.Latin1.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_record))));
        }

        _record.Clear();
        _recordOverflow = false;
    }

    private void Start(ICollection<AstmLinkEvent> events)
    {
        InTransfer = true;
        _expected = 1;
        _anyAccepted = false;
        _record.Clear();
        _recordOverflow = false;
        events.Add(new AstmLinkEvent(AstmLinkEventKind.TransferStarted));
        events.Add(AstmLinkEvent.Send(AstmControl.Ack));
    }

    private void End(ICollection<AstmLinkEvent> events)
    {
        if (_record.Count > 0)
        {
            events.Add(new AstmLinkEvent(AstmLinkEventKind.TransferAborted, Text: "EOT inside a record: the incomplete record was discarded"));
        }

        InTransfer = false;
        _record.Clear();
        _recordOverflow = false;
        events.Add(new AstmLinkEvent(AstmLinkEventKind.TransferEnded));
    }

    private void Abort(ICollection<AstmLinkEvent> events, string reason)
    {
        InTransfer = false;
        _record.Clear();
        _recordOverflow = false;
        events.Add(new AstmLinkEvent(AstmLinkEventKind.TransferAborted, Text: reason));
    }
}
