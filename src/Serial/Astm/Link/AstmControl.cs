namespace TelemetryGateway.Serial.Astm.Link;

/// <summary>The E1381 transmission control characters (ASTM E1381-02 §6.1, ANSI X3.4 codes).</summary>
public static class AstmControl
{
    public const byte Stx = 0x02;
    public const byte Etx = 0x03;
    public const byte Eot = 0x04;
    public const byte Enq = 0x05;
    public const byte Ack = 0x06;
    public const byte Lf = 0x0A;
    public const byte Cr = 0x0D;
    public const byte Nak = 0x15;
    public const byte Etb = 0x17;

    /// <summary>Frame numbers cycle 1, 2 … 7, 0, 1 … starting at 1 in each transfer phase (E1381 §6.3.2).</summary>
    public const int FrameNumberModulus = 8;

    /// <summary>At most 240 characters of text per frame, 247 with the framing (E1381 §6.3.1).</summary>
    public const int MaxFrameText = 240;

    /// <summary>STX FN text(240) ETB|ETX C1 C2 CR LF.</summary>
    public const int MaxFrameLength = MaxFrameText + 7;

    /// <summary>The sender gives up a frame after six failed retransmissions (E1381 §6.5.1).</summary>
    public const int MaxRetransmissions = 6;

    /// <summary>The sender waits 15 s for a reply to ENQ or to a frame (E1381 §6.5.2).</summary>
    public static readonly TimeSpan SenderTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The receiver waits 30 s for a frame or EOT before returning to neutral (E1381 §6.5.2).</summary>
    public static readonly TimeSpan ReceiverTimeout = TimeSpan.FromSeconds(30);
}
