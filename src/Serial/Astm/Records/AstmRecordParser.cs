using System.Globalization;
using System.Text;
using TelemetryGateway.Core;

namespace TelemetryGateway.Serial.Astm.Records;

/// <summary>
/// Splits E1394 record text into fields with the message's delimiters, and undoes escape sequences.
/// </summary>
/// <remarks>
/// Escape sequences (E1394 §6, delimiters and escapes), with '&amp;' as the escape delimiter: &amp;F&amp; field,
/// &amp;S&amp; component, &amp;R&amp; repeat, &amp;E&amp; escape delimiter, &amp;Xhh…&amp; characters in hexadecimal.
/// Other sequences (&amp;H&amp;, &amp;N&amp; highlighting …) carry no data and are dropped. An escape delimiter
/// without its closing partner is malformed.
/// </remarks>
public static class AstmRecordParser
{
    private const string RecordTypes = "HPORCQLMS";

    /// <summary>Parses one record.</summary>
    /// <param name="text">The record without its CR.</param>
    /// <param name="delimiters">The message's delimiters (a header's own are read from it).</param>
    /// <param name="index">The record's position, for error messages.</param>
    /// <exception cref="DeviceFormatException">Empty text, an unknown record type, or no field delimiter after it.</exception>
    public static AstmRecord Parse(string text, AstmDelimiters delimiters, int index)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            throw new DeviceFormatException("astm", $"record {index}", "empty record");
        }

        if (text[0] == 'H')
        {
            delimiters = AstmDelimiters.FromHeader(text);
            // Field 2 is the delimiter definition: keep it whole, split the rest.
            var rest = text.Length > 5 && text[5] == delimiters.Field ? text[6..].Split(delimiters.Field) : text.Length > 5
                ? throw new DeviceFormatException("astm", $"H record {index} field 2", "the delimiter definition is not followed by the field delimiter")
                : [];
            return new AstmRecord(text, ["H", text[2..5], .. rest], delimiters, index);
        }

        if (RecordTypes.IndexOf(text[0], StringComparison.Ordinal) < 0)
        {
            throw new DeviceFormatException("astm", $"record {index}", $"unknown record type '{Printable(text[0])}'");
        }

        if (text.Length > 1 && text[1] != delimiters.Field)
        {
            throw new DeviceFormatException("astm", $"{text[0]} record {index} field 1",
                $"record type not followed by the field delimiter '{delimiters.Field}'");
        }

        return new AstmRecord(text, text.Split(delimiters.Field), delimiters, index);
    }

    /// <summary>Undoes escape sequences in one field, component or repeat.</summary>
    /// <exception cref="DeviceFormatException">An escape sequence that is not closed, or bad hexadecimal in &amp;X…&amp;.</exception>
    public static string Unescape(string value, AstmDelimiters delimiters, string where)
    {
        ArgumentNullException.ThrowIfNull(value);
        var first = value.IndexOf(delimiters.Escape, StringComparison.Ordinal);
        if (first < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        text.Append(value, 0, first);
        var i = first;
        while (i < value.Length)
        {
            var c = value[i];
            if (c != delimiters.Escape)
            {
                text.Append(c);
                i++;
                continue;
            }

            var close = value.IndexOf(delimiters.Escape, i + 1);
            if (close < 0)
            {
                throw new DeviceFormatException("astm", where, $"escape sequence at character {i + 1} is not closed by '{delimiters.Escape}'");
            }

            var sequence = value.AsSpan(i + 1, close - i - 1);
            switch (sequence)
            {
                case "F":
                    text.Append(delimiters.Field);
                    break;
                case "S":
                    text.Append(delimiters.Component);
                    break;
                case "R":
                    text.Append(delimiters.Repeat);
                    break;
                case "E":
                    text.Append(delimiters.Escape);
                    break;
                default:
                    if (sequence.Length > 0 && sequence[0] == 'X')
                    {
                        AppendHex(text, sequence[1..], where);
                    }

                    break;
            }

            i = close + 1;
        }

        return text.ToString();
    }

    private static void AppendHex(StringBuilder text, ReadOnlySpan<char> hex, string where)
    {
        if (hex.Length == 0 || hex.Length % 2 != 0)
        {
            throw new DeviceFormatException("astm", where, $"&X{hex}& needs an even number of hexadecimal digits");
        }

        for (var j = 0; j < hex.Length; j += 2)
        {
            if (!byte.TryParse(hex.Slice(j, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                throw new DeviceFormatException("astm", where, $"&X{hex}& holds a character that is not hexadecimal");
            }

            text.Append((char)b);
        }
    }

    internal static string Printable(char c) => c is >= ' ' and <= '~' ? c.ToString() : $"\\x{(int)c:X2}";
}
