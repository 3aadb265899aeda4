using System.Globalization;
using System.Text;

namespace TelemetryGateway.Storage.Influx.Internal;

/// <summary>Percent-encodes the characters that line protocol cannot carry portably in a tag value
/// (backslash, control characters such as line breaks and tabs) and '%' itself; everything else,
/// including spaces, commas, equals signs, quotes and any Unicode, is left to line-protocol escaping.</summary>
/// <remarks>Stored tag values are the encoded form, so queries compare against <see cref="Encode"/> of
/// the id and results go through <see cref="Decode"/>. Ids without those characters (nearly all) are
/// stored exactly as they are, so the database stays readable by other tools.</remarks>
internal static class TagCodec
{
    public static string Encode(string value)
    {
        if (!NeedsEncoding(value))
        {
            return value;
        }
        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (Special(c))
            {
                text.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }

    public static string Decode(string value)
    {
        var at = value.IndexOf('%', StringComparison.Ordinal);
        if (at < 0)
        {
            return value;
        }
        var text = new StringBuilder(value.Length);
        text.Append(value, 0, at);
        for (var i = at; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                text.Append(value[i]);
            }
            else if (i + 2 < value.Length && int.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                text.Append((char)code);
                i += 2;
            }
            else
            {
                throw new InvalidDataException($"Tag value '{value}' has a malformed escape at {i}.");
            }
        }
        return text.ToString();
    }

    private static bool NeedsEncoding(string value)
    {
        foreach (var c in value)
        {
            if (Special(c))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Special(char c) => c is '%' or '\\' or < ' ' or '\x7F';
}
