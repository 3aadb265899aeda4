using System.Buffers.Binary;
using System.Text;

namespace TelemetryGateway.Bluetooth.DBus.Wire;

/// <summary>
/// Reads D-Bus wire format in either byte order (Specification 0.41 "Marshaling (Wire Format)"). Offsets,
/// and so alignment, count from the start of <paramref name="data"/>, which must be 8-aligned within its
/// message. Every malformation — bad padding, a length past the end or over the limit, invalid UTF-8,
/// a missing NUL, an invalid boolean, path or signature, nesting too deep — is a <see cref="DBusProtocolException"/>.
/// </summary>
public ref struct MarshalReader(ReadOnlySpan<byte> data, bool bigEndian)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Position => _position;

    public readonly bool AtEnd => _position == _data.Length;

    /// <summary>Reads one value per single complete type of <paramref name="signature"/>.</summary>
    public object[] ReadAll(string signature)
    {
        var types = Signature.Split(signature);
        var values = new object[types.Count];
        for (var i = 0; i < types.Count; i++)
        {
            values[i] = Read(types[i], 0);
        }

        return values;
    }

    /// <summary>Reads one value of the single complete type <paramref name="type"/>.</summary>
    public object Read(string type, int depth)
    {
        var position = 0;
        var value = ReadAt(type, ref position, depth);
        return position == type.Length ? value : throw new DBusProtocolException($"'{type}' is not a single complete type.");
    }

    public void Align(int alignment)
    {
        var padded = (_position + alignment - 1) & ~(alignment - 1);
        Need(padded - _position, "padding");
        foreach (var b in _data[_position..padded])
        {
            if (b != 0)
            {
                throw new DBusProtocolException($"Non-zero padding byte at offset {_position}.");
            }
        }

        _position = padded;
    }

    public byte ReadByte()
    {
        Need(1, "byte");
        return _data[_position++];
    }

    public uint ReadUInt32()
    {
        Align(4);
        Need(4, "uint32");
        var value = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(_data[_position..]) : BinaryPrimitives.ReadUInt32LittleEndian(_data[_position..]);
        _position += 4;
        return value;
    }

    public string ReadString()
    {
        var length = ReadUInt32();
        if (length > MessageLimits.MaxMessageLength)
        {
            throw new DBusProtocolException($"String length {length} at offset {_position - 4} exceeds the message limit.");
        }

        Need((int)length + 1, "string");
        var bytes = _data.Slice(_position, (int)length);
        if (_data[_position + (int)length] != 0)
        {
            throw new DBusProtocolException($"String at offset {_position} is not terminated by NUL.");
        }

        if (bytes.Contains((byte)0))
        {
            throw new DBusProtocolException($"String at offset {_position} contains NUL.");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new DBusProtocolException($"String at offset {_position} is not valid UTF-8.", ex);
        }

        _position += (int)length + 1;
        return text;
    }

    public string ReadSignature()
    {
        var length = ReadByte();
        Need(length + 1, "signature");
        var bytes = _data.Slice(_position, length);
        if (_data[_position + length] != 0)
        {
            throw new DBusProtocolException($"Signature at offset {_position} is not terminated by NUL.");
        }

        foreach (var b in bytes)
        {
            if (b is 0 or >= 0x80)
            {
                throw new DBusProtocolException($"Signature at offset {_position} holds a non-ASCII byte.");
            }
        }

        var text = Encoding.ASCII.GetString(bytes);
        Signature.Validate(text);
        _position += length + 1;
        return text;
    }

    private object ReadAt(string signature, ref int position, int depth)
    {
        if (depth > Signature.MaxTotalDepth)
        {
            throw new DBusProtocolException($"Value nests deeper than {Signature.MaxTotalDepth} containers.");
        }

        var code = signature[position++];
        switch (code)
        {
            case 'y': return ReadByte();
            case 'b':
                {
                    var raw = ReadUInt32();
                    return raw switch
                    {
                        0 => false,
                        1 => true,
                        _ => throw new DBusProtocolException($"Boolean at offset {_position - 4} is {raw}, not 0 or 1."),
                    };
                }

            case 'n': return (short)ReadFixed(2);
            case 'q': return (ushort)ReadFixed(2);
            case 'i': return (int)ReadFixed(4);
            case 'u': return (uint)ReadFixed(4);
            case 'h': return new UnixFd((uint)ReadFixed(4));
            case 'x': return (long)ReadFixed(8);
            case 't': return ReadFixed(8);
            case 'd': return BitConverter.UInt64BitsToDouble(ReadFixed(8));
            case 's': return ReadString();
            case 'o':
                {
                    var at = _position;
                    var path = ReadString();
                    return ObjectPath.IsValid(path) ? new ObjectPath(path) : throw new DBusProtocolException($"Invalid object path '{path}' at offset {at}.");
                }

            case 'g': return new DBusSignature(ReadSignature());
            case 'v':
                {
                    var inner = ReadSignature();
                    if (inner.Length == 0 || Signature.CompleteTypeEnd(inner, 0) != inner.Length)
                    {
                        throw new DBusProtocolException($"Variant signature '{inner}' is not a single complete type.");
                    }

                    return new Variant(inner, Read(inner, depth + 1));
                }

            case '(':
                {
                    Align(8);
                    var fields = new List<object>();
                    while (signature[position] != ')')
                    {
                        fields.Add(ReadAt(signature, ref position, depth + 1));
                    }

                    position++;
                    return new DBusStruct(fields.ToArray());
                }

            case 'a':
                return ReadArray(signature, ref position, depth);
            default:
                throw new DBusProtocolException($"Unknown type code '{code}'.");
        }
    }

    private object ReadArray(string signature, ref int position, int depth)
    {
        var length = ReadUInt32();
        if (length > MessageLimits.MaxArrayLength)
        {
            throw new DBusProtocolException($"Array length {length} at offset {_position - 4} exceeds the limit of {MessageLimits.MaxArrayLength}.");
        }

        // `position` is just past the 'a'; the array type's end is the element type's end.
        var elementStart = position;
        var elementEnd = Signature.CompleteTypeEnd(signature, position - 1);
        position = elementEnd;
        Align(Signature.AlignmentOf(signature[elementStart]));
        Need((int)length, "array");
        var end = _position + (int)length;
        if (signature[elementStart] == 'y')
        {
            var bytes = _data.Slice(_position, (int)length).ToArray();
            _position = end;
            return bytes;
        }

        if (signature[elementStart] == '{')
        {
            var keyType = signature[(elementStart + 1)..(elementStart + 2)];
            var valueType = signature[(elementStart + 2)..(elementEnd - 1)];
            var dictionary = new Dictionary<object, object>();
            while (_position < end)
            {
                Align(8);
                var key = Read(keyType, depth + 2);
                dictionary[key] = Read(valueType, depth + 2);
            }

            return _position == end ? dictionary : throw new DBusProtocolException($"Array elements overrun the array length {length}.");
        }

        var elementType = signature[elementStart..elementEnd];
        var items = new List<object>();
        while (_position < end)
        {
            items.Add(Read(elementType, depth + 1));
        }

        return _position == end ? items.ToArray() : throw new DBusProtocolException($"Array elements overrun the array length {length}.");
    }

    private ulong ReadFixed(int size)
    {
        Align(size);
        Need(size, "value");
        var span = _data.Slice(_position, size);
        _position += size;
        return size switch
        {
            2 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span),
            4 => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span),
            _ => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(span) : BinaryPrimitives.ReadUInt64LittleEndian(span),
        };
    }

    private readonly void Need(int count, string what)
    {
        if (count < 0 || _position + count > _data.Length)
        {
            throw new DBusProtocolException($"Message ends inside a {what} at offset {_position} (needs {count} bytes, {_data.Length - _position} left).");
        }
    }
}
