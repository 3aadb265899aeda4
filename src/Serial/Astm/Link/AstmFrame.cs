namespace TelemetryGateway.Serial.Astm.Link;

/// <summary>One E1381 frame: <c>STX FN text ETB|ETX C1 C2 CR LF</c> (§6.3.1).</summary>
/// <param name="Number">Frame number 0–7.</param>
/// <param name="Text">The text between FN and the terminator (records end with CR inside it).</param>
/// <param name="IsEnd">ETX: the end frame of a message; ETB: an intermediate frame.</param>
public sealed record AstmFrame(int Number, byte[] Text, bool IsEnd)
{
    /// <summary>Encodes the frame with its checksum.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[Text.Length + 7];
        bytes[0] = AstmControl.Stx;
        bytes[1] = (byte)('0' + Number);
        Text.CopyTo(bytes, 2);
        bytes[Text.Length + 2] = IsEnd ? AstmControl.Etx : AstmControl.Etb;
        var (high, low) = AstmChecksum.ToHexDigits(AstmChecksum.Compute(bytes.AsSpan(1, Text.Length + 2)));
        bytes[Text.Length + 3] = high;
        bytes[Text.Length + 4] = low;
        bytes[Text.Length + 5] = AstmControl.Cr;
        bytes[Text.Length + 6] = AstmControl.Lf;
        return bytes;
    }
}
