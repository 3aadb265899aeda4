namespace TelemetryGateway.Serial.Astm.Link;

/// <summary>What happened on the link, in order; the session acts on them (write replies, parse records, count).</summary>
public enum AstmLinkEventKind
{
    /// <summary>Send <see cref="AstmLinkEvent.Reply"/> (ACK or NAK) to the sender now.</summary>
    Reply,

    /// <summary>ENQ received in neutral: a transfer starts (E1381 §6.2).</summary>
    TransferStarted,

    /// <summary>A frame was accepted (ACK sent).</summary>
    FrameAccepted,

    /// <summary>The previous frame came again (our ACK was lost): acknowledged, ignored (E1381 §6.3.4).</summary>
    FrameRepeated,

    /// <summary>A defective frame was refused (NAK sent; the sender retransmits, E1381 §6.5.1).</summary>
    FrameRejected,

    /// <summary>One complete record (text without its CR).</summary>
    Record,

    /// <summary>EOT received: the transfer ended normally (E1381 §6.4).</summary>
    TransferEnded,

    /// <summary>The transfer was cut (timeout, a new ENQ mid-transfer): any incomplete record was discarded.</summary>
    TransferAborted,
}

/// <summary>One link event; which members are set depends on <see cref="Kind"/>.</summary>
public readonly record struct AstmLinkEvent(AstmLinkEventKind Kind, byte Reply = 0, int FrameNumber = -1, string? Text = null)
{
    public static AstmLinkEvent Send(byte reply) => new(AstmLinkEventKind.Reply, Reply: reply);

    public override string ToString() => Kind switch
    {
        AstmLinkEventKind.Reply => Reply == AstmControl.Ack ? "ACK" : Reply == AstmControl.Nak ? "NAK" : $"0x{Reply:X2}",
        AstmLinkEventKind.Record => $"Record {Text}",
        _ => Text is null ? Kind.ToString() : $"{Kind} ({Text})",
    };
}
