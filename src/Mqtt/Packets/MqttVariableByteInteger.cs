namespace TelemetryGateway.Mqtt.Packets;

/// <summary>
/// Variable Byte Integer (MQTT 5.0 §1.5.5, 3.1.1 §2.2.3): seven bits per byte, least
/// significant group first, bit 7 = "more bytes follow"; at most four bytes, so at most
/// 268,435,455.
/// </summary>
public static class MqttVariableByteInteger
{
    public const int MaximumValue = 268_435_455;

    public enum Status
    {
        Done,
        NeedMoreBytes,

        /// <summary>The fourth byte had its continuation bit set: a Malformed Packet.</summary>
        TooLong,
    }

    public static Status TryRead(ReadOnlySpan<byte> span, out int value, out int length)
    {
        value = 0;
        for (var i = 0; i < 4; i++)
        {
            if (i >= span.Length)
            {
                length = 0;
                return Status.NeedMoreBytes;
            }

            var b = span[i];
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                length = i + 1;
                return Status.Done;
            }
        }

        length = 0;
        return Status.TooLong;
    }

    public static int GetByteCount(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaximumValue);
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    /// <summary>Writes <paramref name="value"/> and returns the number of bytes used.</summary>
    public static int Write(Span<byte> destination, int value)
    {
        var count = GetByteCount(value);
        for (var i = 0; i < count; i++)
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            destination[i] = i < count - 1 ? (byte)(b | 0x80) : b;
        }

        return count;
    }
}
