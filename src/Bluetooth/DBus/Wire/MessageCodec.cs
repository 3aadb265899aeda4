using System.Buffers.Binary;

namespace TelemetryGateway.Bluetooth.DBus.Wire;

/// <summary>
/// Pure D-Bus message codec (Specification 0.41 "Message Format"): framing, encoding (little-endian),
/// decoding in either byte order. No I/O.
/// </summary>
/// <remarks>
/// Fixed header: endianness ('l' or 'B'), type, flags, protocol version 1, body length (u32), serial (u32),
/// then the header fields as ARRAY of STRUCT(BYTE, VARIANT), padded to 8, then the body.
/// </remarks>
public static class MessageCodec
{
    /// <summary>Bytes needed before <see cref="TryGetLength"/> can answer.</summary>
    public const int FixedHeaderLength = 16;

    private const byte ProtocolVersion = 1;

    /// <summary>
    /// The total length of the message that starts <paramref name="buffer"/>, once its fixed header is there.
    /// Checks the limit before the rest arrives.
    /// </summary>
    /// <exception cref="DBusProtocolException">Bad byte order mark, version, or a length over <paramref name="maxLength"/>.</exception>
    public static bool TryGetLength(ReadOnlySpan<byte> buffer, int maxLength, out int length)
    {
        length = 0;
        if (buffer.Length < FixedHeaderLength)
        {
            return false;
        }

        var bigEndian = ReadEndianness(buffer[0]);
        if (buffer[3] != ProtocolVersion)
        {
            throw new DBusProtocolException($"Protocol version {buffer[3]}, expected {ProtocolVersion}.");
        }

        var bodyLength = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(buffer[4..]);
        var fieldsLength = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(buffer[12..]) : BinaryPrimitives.ReadUInt32LittleEndian(buffer[12..]);
        var headerLength = (FixedHeaderLength + (long)fieldsLength + 7) & ~7L;
        var total = headerLength + bodyLength;
        if (total > maxLength || total > MessageLimits.MaxMessageLength)
        {
            throw new DBusProtocolException($"Message of {total} bytes exceeds the limit of {Math.Min(maxLength, MessageLimits.MaxMessageLength)}.");
        }

        length = (int)total;
        return true;
    }

    /// <summary>Encodes <paramref name="message"/> little-endian; its <see cref="DBusMessage.Serial"/> must be set.</summary>
    public static byte[] Encode(DBusMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Serial == 0)
        {
            throw new ArgumentException("A message needs a non-zero serial.", nameof(message));
        }

        Signature.Validate(message.Signature);
        var body = new MarshalWriter();
        body.WriteAll(message.Signature, message.Body);

        var header = new MarshalWriter(128 + body.Length);
        header.WriteByte((byte)'l');
        header.WriteByte((byte)message.Type);
        header.WriteByte((byte)message.Flags);
        header.WriteByte(ProtocolVersion);
        header.WriteUInt32((uint)body.Length);
        header.WriteUInt32(message.Serial);
        header.Write("a(yv)", HeaderFields(message));
        header.Pad(8);
        var total = header.Length + body.Length;
        if (total > MessageLimits.MaxMessageLength)
        {
            throw new ArgumentException($"Message of {total} bytes exceeds the D-Bus limit of {MessageLimits.MaxMessageLength}.", nameof(message));
        }

        var bytes = new byte[total];
        header.WrittenSpan.CopyTo(bytes);
        body.WrittenSpan.CopyTo(bytes.AsSpan(header.Length));
        return bytes;
    }

    /// <summary>Decodes one complete message (as framed by <see cref="TryGetLength"/>).</summary>
    /// <exception cref="DBusProtocolException">Anything malformed.</exception>
    public static DBusMessage Decode(ReadOnlySpan<byte> bytes)
    {
        if (!TryGetLength(bytes, MessageLimits.MaxMessageLength, out var length) || length != bytes.Length)
        {
            throw new DBusProtocolException($"Message is {bytes.Length} bytes but its header declares {length}.");
        }

        var bigEndian = ReadEndianness(bytes[0]);
        var reader = new MarshalReader(bytes, bigEndian);
        reader.ReadByte();
        var type = (MessageType)reader.ReadByte();
        var flags = (MessageFlags)reader.ReadByte();
        reader.ReadByte();
        var bodyLength = reader.ReadUInt32();
        var serial = reader.ReadUInt32();
        if (serial == 0)
        {
            throw new DBusProtocolException("Message serial is 0.");
        }

        var fields = (object[])reader.Read("a(yv)", 0);
        reader.Align(8);
        var message = new DBusMessage { Type = type, Flags = flags, Serial = serial, BigEndian = bigEndian };
        foreach (DBusStruct field in fields)
        {
            message = ApplyField(message, (byte)field[0], (Variant)field[1]);
        }

        var bodyStart = reader.Position;
        if (bodyStart + bodyLength != bytes.Length)
        {
            throw new DBusProtocolException("Header fields and body length disagree with the message length.");
        }

        var body = new MarshalReader(bytes[bodyStart..], bigEndian);
        var values = body.ReadAll(message.Signature);
        if (!body.AtEnd)
        {
            throw new DBusProtocolException($"Body has {bodyLength - body.Position} bytes beyond its signature '{message.Signature}'.");
        }

        RequireFields(message);
        return message with { Body = values };
    }

    private static bool ReadEndianness(byte mark) => mark switch
    {
        (byte)'l' => false,
        (byte)'B' => true,
        _ => throw new DBusProtocolException($"Byte order mark 0x{mark:X2} is neither 'l' nor 'B'."),
    };

    private static List<DBusStruct> HeaderFields(DBusMessage m)
    {
        var fields = new List<DBusStruct>(8);
        void Add(HeaderField code, Variant value) => fields.Add(new DBusStruct((byte)code, value));
        if (m.Path is { } path)
        {
            Add(HeaderField.Path, Variant.Of(path));
        }

        if (m.Interface is { } @interface)
        {
            Add(HeaderField.Interface, Variant.Of(@interface));
        }

        if (m.Member is { } member)
        {
            Add(HeaderField.Member, Variant.Of(member));
        }

        if (m.ErrorName is { } error)
        {
            Add(HeaderField.ErrorName, Variant.Of(error));
        }

        if (m.ReplySerial is { } reply)
        {
            Add(HeaderField.ReplySerial, Variant.Of(reply));
        }

        if (m.Destination is { } destination)
        {
            Add(HeaderField.Destination, Variant.Of(destination));
        }

        if (m.Sender is { } sender)
        {
            Add(HeaderField.Sender, Variant.Of(sender));
        }

        if (m.Signature.Length > 0)
        {
            Add(HeaderField.Signature, new Variant("g", new DBusSignature(m.Signature)));
        }

        if (m.UnixFds is { } fds)
        {
            Add(HeaderField.UnixFds, Variant.Of(fds));
        }

        return fields;
    }

    private static DBusMessage ApplyField(DBusMessage m, byte code, Variant value)
    {
        T Expect<T>(string signature) => value.Signature == signature && value.Value is T typed
            ? typed
            : throw new DBusProtocolException($"Header field {code} has type '{value.Signature}', expected '{signature}'.");
        return (HeaderField)code switch
        {
            HeaderField.Path => m with { Path = Expect<ObjectPath>("o") },
            HeaderField.Interface => m with { Interface = Expect<string>("s") },
            HeaderField.Member => m with { Member = Expect<string>("s") },
            HeaderField.ErrorName => m with { ErrorName = Expect<string>("s") },
            HeaderField.ReplySerial => m with { ReplySerial = Expect<uint>("u") },
            HeaderField.Destination => m with { Destination = Expect<string>("s") },
            HeaderField.Sender => m with { Sender = Expect<string>("s") },
            HeaderField.Signature => m with { Signature = Expect<DBusSignature>("g").Value },
            HeaderField.UnixFds => m with { UnixFds = Expect<uint>("u") },
            _ => m, // "Header fields with an unknown or unexpected field code MUST be ignored."
        };
    }

    private static void RequireFields(DBusMessage m)
    {
        var missing = m.Type switch
        {
            MessageType.MethodCall when m.Path is null || m.Member is null => "PATH and MEMBER",
            MessageType.Signal when m.Path is null || m.Interface is null || m.Member is null => "PATH, INTERFACE and MEMBER",
            MessageType.Error when m.ErrorName is null || m.ReplySerial is null => "ERROR_NAME and REPLY_SERIAL",
            MessageType.MethodReturn when m.ReplySerial is null => "REPLY_SERIAL",
            _ => null,
        };
        if (missing is not null)
        {
            throw new DBusProtocolException($"{m.Type} message (serial {m.Serial}) lacks the required header fields {missing}.");
        }
    }
}
