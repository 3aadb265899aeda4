namespace TelemetryGateway.Serial.Astm.Link;

/// <summary>What <see cref="AstmFrameReader.TryRead"/> found.</summary>
public enum FrameReadStatus
{
    /// <summary>The frame is not complete yet: wait for more bytes, consume nothing.</summary>
    NeedMore,

    /// <summary>A well-formed frame with a correct checksum.</summary>
    Frame,

    /// <summary>A defective frame (E1381 §6.5.1): bad checksum, bad frame number, restricted character, too long.</summary>
    Defective,
}

/// <summary>
/// Pure, resumable E1381 frame reader: bytes in, one frame or "need more" or "defective" out, no I/O.
/// </summary>
/// <remarks>
/// Frame (E1381 §6.3.1): <c>STX FN text ETB|ETX C1 C2 CR LF</c>, text at most 240 characters. The checksum
/// (§6.3.3) covers FN through the terminator. Restricted characters (§6.6: SOH STX ETX EOT ENQ ACK DLE NAK SYN
/// ETB LF DC1–DC4) may not appear in the text; CR may (it ends each record). A frame cut by one of them is
/// defective and ends just before it, so that an EOT or a new STX is seen by the caller.
/// </remarks>
public static class AstmFrameReader
{
    /// <param name="buffer">Bytes starting at an STX.</param>
    /// <param name="frame">The frame when <see cref="FrameReadStatus.Frame"/>.</param>
    /// <param name="consumed">Bytes to drop (0 for NeedMore).</param>
    /// <param name="problem">What is wrong when <see cref="FrameReadStatus.Defective"/>.</param>
    public static FrameReadStatus TryRead(ReadOnlySpan<byte> buffer, out AstmFrame? frame, out int consumed, out string? problem)
    {
        frame = null;
        consumed = 0;
        problem = null;
        if (buffer.IsEmpty || buffer[0] != AstmControl.Stx)
        {
            throw new ArgumentException("The buffer must start at STX.", nameof(buffer));
        }

        // Find the terminator, checking each character on the way (and the length, before the frame is complete).
        var terminator = -1;
        for (var i = 1; i < buffer.Length; i++)
        {
            var b = buffer[i];
            if (b is AstmControl.Etx or AstmControl.Etb)
            {
                terminator = i;
                break;
            }

            if (IsRestricted(b))
            {
                consumed = i;
                problem = $"restricted character 0x{b:X2} at offset {i} inside the frame";
                return FrameReadStatus.Defective;
            }

            if (i - 2 >= AstmControl.MaxFrameText)
            {
                consumed = i + 1;
                problem = $"no ETB/ETX within {AstmControl.MaxFrameText} characters of text";
                return FrameReadStatus.Defective;
            }
        }

        if (terminator < 0 || buffer.Length < terminator + 5)
        {
            return FrameReadStatus.NeedMore;
        }

        consumed = terminator + 5;
        if (terminator < 2)
        {
            problem = "frame without a frame number";
            return FrameReadStatus.Defective;
        }

        var number = buffer[1] - '0';
        if (number is < 0 or > 7)
        {
            problem = $"frame number 0x{buffer[1]:X2} is not a digit 0-7";
            return FrameReadStatus.Defective;
        }

        var stated = AstmChecksum.ParseHexDigits(buffer[terminator + 1], buffer[terminator + 2]);
        var computed = AstmChecksum.Compute(buffer[1..(terminator + 1)]);
        if (stated is null)
        {
            problem = $"frame {number}: checksum characters 0x{buffer[terminator + 1]:X2} 0x{buffer[terminator + 2]:X2} are not hexadecimal";
            return FrameReadStatus.Defective;
        }

        if (stated != computed)
        {
            problem = $"frame {number}: checksum {stated:X2} stated, {computed:X2} computed";
            return FrameReadStatus.Defective;
        }

        if (buffer[terminator + 3] != AstmControl.Cr || buffer[terminator + 4] != AstmControl.Lf)
        {
            problem = $"frame {number}: checksum not followed by CR LF";
            return FrameReadStatus.Defective;
        }

        frame = new AstmFrame(number, buffer[2..terminator].ToArray(), buffer[terminator] == AstmControl.Etx);
        return FrameReadStatus.Frame;
    }

    /// <summary>E1381 §6.6 restricted message characters (ETX and ETB are the terminators, handled apart).</summary>
    public static bool IsRestricted(byte b) =>
        b is 0x01 or AstmControl.Stx or AstmControl.Eot or AstmControl.Enq or AstmControl.Ack or 0x10
            or AstmControl.Nak or 0x16 or AstmControl.Lf or (>= 0x11 and <= 0x14);
}
