using System.Buffers.Binary;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.Encoding;

/// <summary>Reads the fields of one characteristic value front to back (all multi-octet fields are
/// little-endian in GATT). Every failure is a
/// <see cref="DeviceFormatException"/> naming the byte where the offending field starts.</summary>
internal ref struct GattReader
{
    private readonly ReadOnlySpan<byte> _payload;
    private readonly string _format;

    public GattReader(ReadOnlySpan<byte> payload, ushort uuid16)
    {
        _payload = payload;
        _format = GattCharacteristics.FormatName(uuid16);
        Position = 0;
    }

    /// <summary>Offset of the next field.</summary>
    public int Position { get; private set; }

    /// <summary>Octets not read yet.</summary>
    public readonly int Remaining => _payload.Length - Position;

    public byte U8(string field) => Take(1, field)[0];

    public ushort U16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));

    public short S16(string field) => BinaryPrimitives.ReadInt16LittleEndian(Take(2, field));

    public uint U24(string field)
    {
        var bytes = Take(3, field);
        return bytes[0] | ((uint)bytes[1] << 8) | ((uint)bytes[2] << 16);
    }

    public uint U32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

    public MedicalFloat SFloat(string field) => MedicalFloat.FromSFloat(U16(field));

    public MedicalFloat Float(string field) => MedicalFloat.FromFloat(U32(field));

    /// <summary>A GATT Date Time, rejected when a field is outside its range (GSS §3.70).</summary>
    public GattDateTime DateTime(string field)
    {
        var start = Position;
        var bytes = Take(GattDateTime.Size, field);
        var time = new GattDateTime(
            BinaryPrimitives.ReadUInt16LittleEndian(bytes), bytes[2], bytes[3], bytes[4], bytes[5], bytes[6]);
        if (time.Validate(start) is { } problem)
        {
            throw Fail(problem.Byte, $"{field}: {problem.Problem}");
        }
        return time;
    }

    /// <summary>The rest of the payload.</summary>
    public ReadOnlySpan<byte> Rest()
    {
        var rest = _payload[Position..];
        Position = _payload.Length;
        return rest;
    }

    /// <summary>A format error at <paramref name="byteIndex"/>.</summary>
    public readonly DeviceFormatException Fail(int byteIndex, string problem) =>
        new(_format, $"byte {byteIndex}", problem);

    /// <summary>Rejects octets left after the last field where the format has a fixed length.</summary>
    public readonly void ExpectEnd(string what)
    {
        if (Remaining != 0)
        {
            throw Fail(Position, $"{Remaining} unexpected byte(s) after the {what}");
        }
    }

    private ReadOnlySpan<byte> Take(int size, string field)
    {
        if (Remaining < size)
        {
            throw Fail(Position, Remaining == 0
                ? $"the {_payload.Length}-byte payload ends before the {field}, which takes {size} byte(s)"
                : $"the {_payload.Length}-byte payload ends inside the {field}, {size - Remaining} byte(s) short");
        }
        var slice = _payload.Slice(Position, size);
        Position += size;
        return slice;
    }
}
