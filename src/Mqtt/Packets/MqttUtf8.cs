using System.Text;
using System.Text.Unicode;

namespace TelemetryGateway.Mqtt.Packets;

/// <summary>
/// UTF-8 Encoded Strings (MQTT 5.0 §1.5.4, 3.1.1 §1.5.3): well-formed UTF-8 as RFC 3629
/// defines it (no encodings of the surrogates U+D800..U+DFFF, no overlong forms), no
/// U+0000, at most 65,535 bytes. A receiver that finds otherwise treats the packet as
/// malformed.
/// </summary>
public static class MqttUtf8
{
    public const int MaximumByteCount = ushort.MaxValue;

    /// <summary>Decodes string bytes, throwing 0x81 Malformed Packet if they break §1.5.4.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        // Utf8.IsValid rejects ill-formed sequences, overlong forms and encoded surrogates.
        if (!Utf8.IsValid(bytes))
        {
            throw MqttProtocolException.Malformed("UTF-8 Encoded String is not well-formed UTF-8 (MQTT 5.0 §1.5.4)");
        }

        // In well-formed UTF-8 the byte 0x00 only ever encodes U+0000.
        if (bytes.IndexOf((byte)0) >= 0)
        {
            throw MqttProtocolException.Malformed("UTF-8 Encoded String contains U+0000 (MQTT 5.0 §1.5.4)");
        }

        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// Byte count of <paramref name="value"/> in UTF-8, throwing <see cref="ArgumentException"/>
    /// when it cannot be sent: a lone surrogate, U+0000, or more than 65,535 bytes.
    /// </summary>
    public static int GetByteCountChecked(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("An MQTT string must not contain U+0000 (MQTT 5.0 §1.5.4)", nameof(value));
        }

        if (Ascii.IsValid(value))
        {
            return CheckLength(value.Length);
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                throw new ArgumentException("An MQTT string must not contain lone surrogates (MQTT 5.0 §1.5.4)", nameof(value));
            }
        }

        return CheckLength(Encoding.UTF8.GetByteCount(value));
    }

    private static int CheckLength(int count) => count <= MaximumByteCount
        ? count
        : throw new ArgumentException($"An MQTT string is at most {MaximumByteCount} bytes of UTF-8 (MQTT 5.0 §1.5.4)");
}
