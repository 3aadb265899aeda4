using System.Buffers;
using TelemetryGateway.Core;

namespace TelemetryGateway.Monitors.Hl7;

/// <summary>Minimal Lower Layer Protocol framing (HL7 v2 Implementation Guide, Appendix C "MLLP"):
/// <c>0x0B message 0x1C 0x0D</c>. Monitors that speak HL7 over TCP use it; some keep it when they publish.</summary>
public static class Mllp
{
    public const byte StartBlock = 0x0B;
    public const byte EndBlock = 0x1C;
    public const byte CarriageReturn = 0x0D;

    /// <summary>Longest frame accepted before the end block must have appeared.</summary>
    public const int MaxFrameLength = Hl7Message.MaxLength;

    /// <summary>Removes the frame around a whole message, if there is one.</summary>
    /// <exception cref="DeviceFormatException">A start block without the end block.</exception>
    public static string StripFrame(string text)
    {
        if (text.Length == 0 || text[0] != (char)StartBlock)
        {
            return text;
        }
        var end = text.IndexOf((char)EndBlock);
        if (end < 0)
        {
            throw new DeviceFormatException("hl7", "MLLP frame", "start block 0x0B without end block 0x1C");
        }
        return text[1..end];
    }

    /// <summary>Wraps a message (segments already CR-terminated) in a frame.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message)
    {
        var frame = new byte[message.Length + 3];
        frame[0] = StartBlock;
        message.CopyTo(frame.AsSpan(1));
        frame[^2] = EndBlock;
        frame[^1] = CarriageReturn;
        return frame;
    }

    /// <summary>
    /// Takes one frame's content off the front of <paramref name="buffer"/>. False means "need more bytes".
    /// Bytes before a start block are skipped (receivers resynchronise on 0x0B).
    /// </summary>
    /// <exception cref="DeviceFormatException">The frame exceeds <see cref="MaxFrameLength"/>, or 0x1C is not followed by 0x0D.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message)
    {
        message = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryAdvanceTo(StartBlock, advancePastDelimiter: true))
        {
            buffer = buffer.Slice(buffer.End);
            return false;
        }
        var start = reader.Position;
        var frameStart = buffer.GetPosition(reader.Consumed - 1);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> content, EndBlock, advancePastDelimiter: true))
        {
            if (buffer.Slice(start).Length > MaxFrameLength)
            {
                throw new DeviceFormatException("hl7", "MLLP frame", $"no end block within {MaxFrameLength} bytes");
            }
            buffer = buffer.Slice(frameStart);
            return false;
        }
        if (!reader.TryRead(out var cr))
        {
            buffer = buffer.Slice(frameStart);
            return false;
        }
        if (cr != CarriageReturn)
        {
            throw new DeviceFormatException("hl7", "MLLP frame", $"end block 0x1C followed by 0x{cr:X2}, not 0x0D");
        }
        message = content;
        buffer = buffer.Slice(reader.Position);
        return true;
    }
}
