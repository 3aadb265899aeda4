using System.Buffers.Binary;
using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;

namespace TelemetryGateway.Bluetooth.DBus.Wire;

/// <summary>
/// Marshals values to little-endian D-Bus wire format (Specification 0.41 "Marshaling (Wire Format)").
/// Offsets, and so alignment, count from the start of this writer, which must itself start 8-aligned
/// within the message (the header and the body both do).
/// </summary>
public sealed class MarshalWriter
{
    private byte[] _buffer;
    private int _length;

    public MarshalWriter(int capacity = 256)
    {
        _buffer = new byte[Math.Max(capacity, 16)];
    }

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Writes <paramref name="values"/> as the types of <paramref name="signature"/>, one value per single complete type.</summary>
    public void WriteAll(string signature, IReadOnlyList<object> values)
    {
        var types = Signature.Split(signature);
        if (types.Count != values.Count)
        {
            throw new ArgumentException($"Signature '{signature}' has {types.Count} types but {values.Count} values were given.", nameof(values));
        }

        for (var i = 0; i < types.Count; i++)
        {
            Write(types[i], values[i]);
        }
    }

    /// <summary>Writes one value of the single complete type <paramref name="type"/>.</summary>
    public void Write(string type, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var end = WriteAt(type, 0, value);
        if (end != type.Length)
        {
            throw new ArgumentException($"'{type}' is not a single complete type.", nameof(type));
        }
    }

    public void Pad(int alignment)
    {
        var padded = (_length + alignment - 1) & ~(alignment - 1);
        EnsureCapacity(padded - _length);
        _buffer.AsSpan(_length, padded - _length).Clear();
        _length = padded;
    }

    public void WriteByte(byte value)
    {
        EnsureCapacity(1);
        _buffer[_length++] = value;
    }

    public void WriteUInt32(uint value)
    {
        Pad(4);
        EnsureCapacity(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void WriteString(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("D-Bus strings must not contain NUL.", nameof(value));
        }

        Pad(4);
        var count = Encoding.UTF8.GetByteCount(value);
        EnsureCapacity(4 + count + 1);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), (uint)count);
        _length += 4;
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        _buffer[_length++] = 0;
    }

    public void WriteSignature(string value)
    {
        Signature.Validate(value);
        EnsureCapacity(value.Length + 2);
        _buffer[_length++] = (byte)value.Length;
        _length += Encoding.ASCII.GetBytes(value, _buffer.AsSpan(_length));
        _buffer[_length++] = 0;
    }

    /// <summary>Overwrites a u32 written earlier (an array length once its elements are known).</summary>
    public void PatchUInt32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(offset), value);

    // Returns the index in `signature` just after the type written.
    private int WriteAt(string signature, int position, object value)
    {
        var code = signature[position];
        switch (code)
        {
            case 'y': WriteByte(Convert<byte>(value, code)); return position + 1;
            case 'b': WriteUInt32(Convert<bool>(value, code) ? 1u : 0u); return position + 1;
            case 'n': WriteFixed(2, (ushort)Convert<short>(value, code)); return position + 1;
            case 'q': WriteFixed(2, Convert<ushort>(value, code)); return position + 1;
            case 'i': WriteFixed(4, (uint)Convert<int>(value, code)); return position + 1;
            case 'u': WriteFixed(4, Convert<uint>(value, code)); return position + 1;
            case 'h': WriteFixed(4, Convert<UnixFd>(value, code).Index); return position + 1;
            case 'x': WriteFixed(8, (ulong)Convert<long>(value, code)); return position + 1;
            case 't': WriteFixed(8, Convert<ulong>(value, code)); return position + 1;
            case 'd': WriteFixed(8, BitConverter.DoubleToUInt64Bits(Convert<double>(value, code))); return position + 1;
            case 's': WriteString(Convert<string>(value, code)); return position + 1;
            case 'o':
                WriteString(value is string path ? new ObjectPath(path).Value : Convert<ObjectPath>(value, code).Value);
                return position + 1;
            case 'g':
                WriteSignature(value is string sig ? sig : Convert<DBusSignature>(value, code).Value);
                return position + 1;
            case 'v':
                {
                    var variant = Convert<Variant>(value, code);
                    Signature.ValidateSingle(variant.Signature);
                    WriteSignature(variant.Signature);
                    Write(variant.Signature, variant.Value);
                    return position + 1;
                }

            case '(':
                return WriteStruct(signature, position, value);
            case 'a':
                return WriteArray(signature, position, value);
            default:
                throw new ArgumentException($"Cannot write type code '{code}' of '{signature}'.", nameof(signature));
        }
    }

    private int WriteStruct(string signature, int position, object value)
    {
        var fields = value switch
        {
            DBusStruct s => s.Fields,
            object[] array => array,
            ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => tuple[i]!).ToArray(),
            _ => throw new ArgumentException($"A struct needs DBusStruct, object[] or a tuple, not {value.GetType().Name}."),
        };
        Pad(8);
        var next = position + 1;
        var index = 0;
        while (signature[next] != ')')
        {
            if (index >= fields.Count)
            {
                throw new ArgumentException($"Struct '{signature[position..]}' has more fields than the {fields.Count} given.");
            }

            next = WriteAt(signature, next, fields[index++]);
        }

        if (index != fields.Count)
        {
            throw new ArgumentException($"Struct '{signature[position..]}' has fewer fields than the {fields.Count} given.");
        }

        return next + 1;
    }

    private int WriteArray(string signature, int position, object value)
    {
        var elementStart = position + 1;
        var elementEnd = Signature.CompleteTypeEnd(signature, position);
        var elementType = signature[elementStart..elementEnd];
        Pad(4);
        var lengthOffset = _length;
        WriteUInt32(0);
        // The padding to the first element is written even for an empty array and is not counted in the length.
        Pad(Signature.AlignmentOf(elementType[0]));
        var start = _length;
        if (elementType == "y" && value is byte[] bytes)
        {
            EnsureCapacity(bytes.Length);
            bytes.CopyTo(_buffer, _length);
            _length += bytes.Length;
        }
        else if (elementType[0] == '{')
        {
            var keyType = elementType[1..2];
            var valueType = elementType[2..^1];
            foreach (var (key, item) in Entries(value))
            {
                Pad(8);
                Write(keyType, key);
                Write(valueType, item);
            }
        }
        else
        {
            foreach (var item in (IEnumerable)value)
            {
                Write(elementType, item!);
            }
        }

        var length = _length - start;
        if (length > MessageLimits.MaxArrayLength)
        {
            throw new ArgumentException($"Array of {length} bytes exceeds the D-Bus limit of {MessageLimits.MaxArrayLength}.");
        }

        PatchUInt32(lengthOffset, (uint)length);
        return elementEnd;
    }

    private static IEnumerable<(object Key, object Value)> Entries(object value)
    {
        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                yield return (entry.Key, entry.Value!);
            }

            yield break;
        }

        foreach (var item in (IEnumerable)value)
        {
            var pair = item switch
            {
                DBusStruct s when s.Fields.Count == 2 => (s.Fields[0], s.Fields[1]),
                ITuple { Length: 2 } t => (t[0]!, t[1]!),
                _ => throw new ArgumentException("A dict needs an IDictionary or a sequence of key/value pairs."),
            };
            yield return pair;
        }
    }

    private static T Convert<T>(object value, char code) => value is T typed
        ? typed
        : throw new ArgumentException($"D-Bus type '{code}' needs a {typeof(T).Name}, not {value.GetType().Name}.");

    private void WriteFixed(int size, ulong value)
    {
        Pad(size);
        EnsureCapacity(size);
        var span = _buffer.AsSpan(_length, size);
        switch (size)
        {
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(span, value); break;
        }

        _length += size;
    }

    private void EnsureCapacity(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }

        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }
}
