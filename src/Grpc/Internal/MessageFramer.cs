using System.Buffers;
using System.Buffers.Binary;

namespace TelemetryGateway.Grpc.Internal;

/// <summary>A length-prefixed message as read off the wire, before decompression.</summary>
public readonly record struct FramedMessage(bool Compressed, ReadOnlySequence<byte> Payload);

/// <summary>
/// Length-Prefixed-Message → Compressed-Flag Message-Length Message (PROTOCOL-HTTP2.md):
/// <code>
///  0        1                 5
///  +--------+-----------------+-------------------+
///  | flag   | length (uint32, | message bytes ... |
///  | 0 or 1 |  big-endian)    |                   |
///  +--------+-----------------+-------------------+
/// </code>
/// Pure: no I/O. The declared length is checked against the limit as soon as the header is readable.
/// </summary>
public static class MessageFramer
{
    /// <summary>
    /// Reads one message from the front of <paramref name="buffer"/>. False means "need more bytes";
    /// a flag other than 0/1 or a length over <paramref name="maxMessageSize"/> throws <see cref="GrpcProtocolException"/>.
    /// </summary>
    public static bool TryReadMessage(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out FramedMessage message)
    {
        message = default;
        if (buffer.Length < GrpcProtocol.MessageHeaderSize)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[GrpcProtocol.MessageHeaderSize];
        buffer.Slice(0, GrpcProtocol.MessageHeaderSize).CopyTo(header);
        var flag = header[0];
        if (flag > 1)
        {
            throw new GrpcProtocolException("invalid_compressed_flag", new Status(StatusCode.Internal, $"Invalid compressed flag {flag} in message header (must be 0 or 1)."));
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxMessageSize)
        {
            throw new GrpcProtocolException("message_too_large", new Status(StatusCode.ResourceExhausted, $"Received message exceeds the maximum configured message size ({length} > {maxMessageSize} bytes)."));
        }
        if (buffer.Length < GrpcProtocol.MessageHeaderSize + length)
        {
            return false;
        }
        message = new FramedMessage(flag == 1, buffer.Slice(GrpcProtocol.MessageHeaderSize, length));
        buffer = buffer.Slice(GrpcProtocol.MessageHeaderSize + length);
        return true;
    }

    /// <summary>Writes the 5-byte header for a message of <paramref name="length"/> bytes.</summary>
    public static void WriteHeader(IBufferWriter<byte> writer, bool compressed, int length)
    {
        var span = writer.GetSpan(GrpcProtocol.MessageHeaderSize);
        span[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
        writer.Advance(GrpcProtocol.MessageHeaderSize);
    }
}
