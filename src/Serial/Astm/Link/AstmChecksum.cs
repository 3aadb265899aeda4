namespace TelemetryGateway.Serial.Astm.Link;

/// <summary>
/// E1381 §6.3.3: the checksum is the sum, modulo 256, of every character after STX up to and including ETB
/// or ETX (the frame number, the text and the terminator), sent as two uppercase ASCII hexadecimal digits.
/// </summary>
public static class AstmChecksum
{
    /// <summary>Sum mod 256 of <paramref name="frameNumberToTerminator"/> (FN … ETB|ETX inclusive).</summary>
    public static byte Compute(ReadOnlySpan<byte> frameNumberToTerminator)
    {
        var sum = 0;
        foreach (var b in frameNumberToTerminator)
        {
            sum += b;
        }

        return (byte)sum;
    }

    /// <summary>The two characters the checksum is sent as.</summary>
    public static (byte High, byte Low) ToHexDigits(byte checksum) => (HexDigit(checksum >> 4), HexDigit(checksum & 0xF));

    /// <summary>Parses C1 C2; null when either is not a hexadecimal digit. Lowercase is accepted on input.</summary>
    public static byte? ParseHexDigits(byte high, byte low) =>
        HexValue(high) is { } h && HexValue(low) is { } l ? (byte)((h << 4) | l) : null;

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'A' + value - 10);

    private static int? HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => null,
    };
}
