using System.Buffers.Binary;

namespace TelemetryGateway.Mqtt.Packets;

/// <summary>
/// Reads the data representations of MQTT 5.0 §1.5 from the body of one packet. Running
/// past the end is a Malformed Packet: the Remaining Length promised bytes that a field
/// needs (§2.1.4).
/// </summary>
internal ref struct MqttSpanReader
{
    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    public MqttSpanReader(ReadOnlySpan<byte> span)
    {
        _span = span;
        _position = 0;
    }

    public readonly int Remaining => _span.Length - _position;

    public readonly bool End => _position == _span.Length;

    public byte ReadByte()
    {
        Need(1);
        return _span[_position++];
    }

    /// <summary>Two Byte Integer, big-endian (§1.5.2).</summary>
    public ushort ReadUInt16()
    {
        Need(2);
        var value = BinaryPrimitives.ReadUInt16BigEndian(_span[_position..]);
        _position += 2;
        return value;
    }

    /// <summary>Four Byte Integer, big-endian (§1.5.3).</summary>
    public uint ReadUInt32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadUInt32BigEndian(_span[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>Variable Byte Integer (§1.5.5), at most four bytes.</summary>
    public int ReadVariableByteInteger()
    {
        var status = MqttVariableByteInteger.TryRead(_span[_position..], out var value, out var length);
        if (status != MqttVariableByteInteger.Status.Done)
        {
            throw MqttProtocolException.Malformed(status == MqttVariableByteInteger.Status.TooLong
                ? "Variable Byte Integer longer than four bytes (MQTT 5.0 §1.5.5)"
                : "Variable Byte Integer runs past the end of the packet (MQTT 5.0 §1.5.5)");
        }

        _position += length;
        return value;
    }

    /// <summary>UTF-8 Encoded String (§1.5.4).</summary>
    public string ReadString() => MqttUtf8.Decode(ReadLengthPrefixed());

    /// <summary>Binary Data (§1.5.6), copied out of the receive buffer.</summary>
    public byte[] ReadBinary() => ReadLengthPrefixed().ToArray();

    /// <summary>Two-byte length then that many bytes (§1.5.4, §1.5.6).</summary>
    public ReadOnlySpan<byte> ReadLengthPrefixed()
    {
        var length = ReadUInt16();
        return ReadBytes(length);
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        Need(count);
        var slice = _span.Slice(_position, count);
        _position += count;
        return slice;
    }

    public ReadOnlySpan<byte> ReadRest() => ReadBytes(Remaining);

    private readonly void Need(int count)
    {
        if (_span.Length - _position < count)
        {
            throw MqttProtocolException.Malformed("a field runs past the Remaining Length (MQTT 5.0 §2.1.4)");
        }
    }
}
