using System.Buffers.Binary;
using System.Text;

namespace TelemetryGateway.Mqtt.Packets;

/// <summary>
/// Writes the data representations of MQTT 5.0 §1.5. Created with an empty span it only
/// counts: the writer runs each encoder twice, once to learn the Remaining Length and once
/// to write, so that sizes and bytes can never disagree.
/// </summary>
internal ref struct MqttSpanWriter
{
    private readonly Span<byte> _span;
    private readonly bool _counting;

    private MqttSpanWriter(Span<byte> span, bool counting)
    {
        _span = span;
        _counting = counting;
        Position = 0;
    }

    public int Position { get; private set; }

    public static MqttSpanWriter Counter() => new(Span<byte>.Empty, counting: true);

    public static MqttSpanWriter Over(Span<byte> span) => new(span, counting: false);

    public void WriteByte(byte value)
    {
        if (!_counting)
        {
            _span[Position] = value;
        }

        Position += 1;
    }

    public void WriteUInt16(ushort value)
    {
        if (!_counting)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_span[Position..], value);
        }

        Position += 2;
    }

    public void WriteUInt32(uint value)
    {
        if (!_counting)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_span[Position..], value);
        }

        Position += 4;
    }

    public void WriteVariableByteInteger(int value)
    {
        Position += _counting
            ? MqttVariableByteInteger.GetByteCount(value)
            : MqttVariableByteInteger.Write(_span[Position..], value);
    }

    /// <summary>UTF-8 Encoded String (§1.5.4); invalid strings throw <see cref="ArgumentException"/>.</summary>
    public void WriteString(string value)
    {
        var count = MqttUtf8.GetByteCountChecked(value);
        WriteUInt16((ushort)count);
        if (!_counting)
        {
            Encoding.UTF8.GetBytes(value, _span.Slice(Position, count));
        }

        Position += count;
    }

    /// <summary>Binary Data (§1.5.6): two-byte length then the bytes.</summary>
    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"MQTT Binary Data is at most {ushort.MaxValue} bytes (MQTT 5.0 §1.5.6)");
        }

        WriteUInt16((ushort)value.Length);
        WriteBytes(value);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        if (!_counting)
        {
            value.CopyTo(_span[Position..]);
        }

        Position += value.Length;
    }
}
