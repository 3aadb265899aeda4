using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace TelemetryGateway.Mqtt.Packets;

/// <summary>
/// Pure, resumable MQTT packet reader: bytes in, packets out, no I/O. Use it in one loop
/// shape: <c>while (reader.TryRead(ref buffer, out var packet)) Handle(packet);</c> then
/// advance the pipe to <c>buffer.Start</c> (consumed) and <c>buffer.End</c> (examined).
/// </summary>
/// <remarks>
/// One instance per connection: it remembers the protocol level. A server starts at 5.0 and
/// the reader switches itself to the level of the CONNECT it decodes (§3.1.2.2); a client
/// sets <see cref="ProtocolVersion"/> to the level it connects with.
/// </remarks>
public sealed partial class MqttPacketReader
{
    /// <summary>Largest packet MQTT can frame: 1 + 4 bytes of header + 268,435,455 (§2.1.4).</summary>
    public const int AbsoluteMaximumPacketSize = 1 + 4 + MqttVariableByteInteger.MaximumValue;

    public MqttPacketReader(MqttProtocolVersion protocolVersion = MqttProtocolVersion.V500,
        int maximumPacketSize = AbsoluteMaximumPacketSize)
    {
        ProtocolVersion = protocolVersion;
        MaximumPacketSize = maximumPacketSize;
    }

    public MqttProtocolVersion ProtocolVersion { get; set; }

    /// <summary>
    /// Largest whole packet (fixed header included, as MQTT 5.0 §3.1.2.11.4 counts it)
    /// accepted; larger ones fail with 0x95 Packet too large before their body is awaited.
    /// </summary>
    public int MaximumPacketSize { get; set; }

    /// <summary>
    /// Reads one packet from the front of <paramref name="buffer"/> and slices it off.
    /// Returns false, leaving the buffer as it was, when the packet is not complete yet.
    /// Throws <see cref="MqttProtocolException"/> for malformed input or a packet over
    /// <see cref="MaximumPacketSize"/>.
    /// </summary>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out MqttPacket? packet)
    {
        packet = null;
        if (!TryReadFixedHeader(buffer, out var firstByte, out var remainingLength, out var headerLength))
        {
            return false;
        }

        // Checked as soon as the header is readable, so a huge declared length is refused
        // before any of its body is buffered.
        var total = (long)headerLength + remainingLength;
        if (total > MaximumPacketSize)
        {
            throw new MqttProtocolException(MqttReasonCode.PacketTooLarge,
                $"packet of {total} bytes exceeds the maximum of {MaximumPacketSize} (MQTT 5.0 §3.1.2.11.4)");
        }

        if (buffer.Length < total)
        {
            return false;
        }

        var body = buffer.Slice(headerLength, remainingLength);
        if (body.IsSingleSegment)
        {
            packet = Decode(firstByte, body.FirstSpan, ProtocolVersion);
        }
        else
        {
            var rented = ArrayPool<byte>.Shared.Rent(remainingLength);
            try
            {
                body.CopyTo(rented);
                packet = Decode(firstByte, rented.AsSpan(0, remainingLength), ProtocolVersion);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        if (packet is ConnectPacket connect)
        {
            ProtocolVersion = connect.ProtocolVersion;
        }

        buffer = buffer.Slice(total);
        return true;
    }

    /// <summary>
    /// Reads the fixed header (§2.1): byte 1 and the Remaining Length. False when fewer
    /// bytes than the header needs are available.
    /// </summary>
    public static bool TryReadFixedHeader(in ReadOnlySequence<byte> buffer, out byte firstByte,
        out int remainingLength, out int headerLength)
    {
        firstByte = 0;
        remainingLength = 0;
        headerLength = 0;
        if (buffer.Length < 2)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[5];
        var available = (int)Math.Min(buffer.Length, header.Length);
        buffer.Slice(0, available).CopyTo(header);
        firstByte = header[0];
        var status = MqttVariableByteInteger.TryRead(header[1..available], out remainingLength, out var lengthBytes);
        switch (status)
        {
            case MqttVariableByteInteger.Status.NeedMoreBytes:
                return false;
            case MqttVariableByteInteger.Status.TooLong:
                throw MqttProtocolException.Malformed("Remaining Length longer than four bytes (MQTT 5.0 §2.1.4)");
        }

        headerLength = 1 + lengthBytes;
        return true;
    }

    /// <summary>Decodes one complete packet given its first byte and its body (variable header and payload).</summary>
    public static MqttPacket Decode(byte firstByte, ReadOnlySpan<byte> body, MqttProtocolVersion version)
    {
        var type = (MqttPacketType)(firstByte >> 4);
        var flags = firstByte & 0x0F;
        CheckFlags(type, flags, version);
        var reader = new MqttSpanReader(body);
        MqttPacket packet = type switch
        {
            MqttPacketType.Connect => ReadConnect(ref reader),
            MqttPacketType.ConnAck => ReadConnAck(ref reader, version),
            MqttPacketType.Publish => ReadPublish(ref reader, flags, version),
            MqttPacketType.PubAck => ReadPublishAck(ref reader, version, type),
            MqttPacketType.PubRec => ReadPublishAck(ref reader, version, type),
            MqttPacketType.PubRel => ReadPublishAck(ref reader, version, type),
            MqttPacketType.PubComp => ReadPublishAck(ref reader, version, type),
            MqttPacketType.Subscribe => ReadSubscribe(ref reader, version),
            MqttPacketType.SubAck => ReadSubAck(ref reader, version),
            MqttPacketType.Unsubscribe => ReadUnsubscribe(ref reader, version),
            MqttPacketType.UnsubAck => ReadUnsubAck(ref reader, version),
            MqttPacketType.PingReq => PingReqPacket.Instance,
            MqttPacketType.PingResp => PingRespPacket.Instance,
            MqttPacketType.Disconnect => ReadDisconnect(ref reader, version),
            MqttPacketType.Auth => ReadAuth(ref reader),
            _ => throw MqttProtocolException.Malformed($"packet type {(int)type} is reserved (MQTT 5.0 §2.1.2)"),
        };

        if (!reader.End)
        {
            throw MqttProtocolException.Malformed(
                $"{type} has {reader.Remaining} bytes beyond its content (MQTT 5.0 §2.1.4)");
        }

        return packet;
    }

    /// <summary>
    /// Fixed header flags (§2.1.3, table 2-2): PUBREL, SUBSCRIBE and UNSUBSCRIBE carry 0010,
    /// PUBLISH its own flags, every other packet 0000; anything else is malformed.
    /// </summary>
    private static void CheckFlags(MqttPacketType type, int flags, MqttProtocolVersion version)
    {
        if (type == MqttPacketType.Auth && version != MqttProtocolVersion.V500)
        {
            throw MqttProtocolException.Malformed("packet type 15 is reserved in MQTT 3.1.1 (§2.2.1)");
        }

        var expected = type switch
        {
            MqttPacketType.Publish => flags,
            MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe => 0b0010,
            _ => 0,
        };
        if (flags != expected)
        {
            throw MqttProtocolException.Malformed(
                $"{type} fixed header flags 0x{flags:X} instead of 0x{expected:X} (MQTT 5.0 §2.1.3)");
        }
    }

    private static ushort ReadPacketId(ref MqttSpanReader reader, MqttPacketType type)
    {
        var id = reader.ReadUInt16();
        return id != 0
            ? id
            : throw MqttProtocolException.Protocol($"{type} with Packet Identifier 0 (MQTT 5.0 §2.2.1)");
    }
}
