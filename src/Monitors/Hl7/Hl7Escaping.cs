using System.Globalization;
using System.Text;

namespace TelemetryGateway.Monitors.Hl7;

/// <summary>HL7 v2 escape sequences (v2.6 §2.7 "Use of escape sequences in text fields").</summary>
public static class Hl7Escaping
{
    /// <summary>Replaces \F\ \S\ \T\ \R\ \E\ and \Xhh…\ with the characters they stand for; formatting
    /// sequences (\.br\, \H\, \N\ …) become a space or nothing. An unterminated escape is kept as text.</summary>
    public static string Unescape(string value, Hl7Delimiters d)
    {
        if (value.IndexOf(d.Escape) < 0)
        {
            return value;
        }
        var text = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            var close = c == d.Escape ? value.IndexOf(d.Escape, i + 1) : -1;
            if (close < 0)
            {
                text.Append(c);
                i++;
                continue;
            }
            var body = value.AsSpan(i + 1, close - i - 1);
            switch (body)
            {
                case "F": text.Append(d.Field); break;
                case "S": text.Append(d.Component); break;
                case "T": text.Append(d.Subcomponent); break;
                case "R": text.Append(d.Repetition); break;
                case "E": text.Append(d.Escape); break;
                case ".br": text.Append(' '); break;
                default:
                    if (body.Length > 1 && body[0] == 'X' && body.Length % 2 == 1 && TryHex(body[1..], text))
                    {
                        break;
                    }
                    // \H\, \N\ (highlighting) and unknown sequences carry no text.
                    break;
            }
            i = close + 1;
        }
        return text.ToString();
    }

    /// <summary>Escapes the delimiters in <paramref name="value"/> for writing it into a field.</summary>
    public static string Escape(string value, Hl7Delimiters d)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            string? sequence = c == d.Escape ? "E" : c == d.Field ? "F" : c == d.Component ? "S"
                : c == d.Subcomponent ? "T" : c == d.Repetition ? "R" : null;
            if (sequence is null)
            {
                text.Append(c);
            }
            else
            {
                text.Append(d.Escape).Append(sequence).Append(d.Escape);
            }
        }
        return text.ToString();
    }

    private static bool TryHex(ReadOnlySpan<char> hex, StringBuilder text)
    {
        // \Xhh\ encodes bytes; monitors use it for single-byte characters (ISO 8859-1).
        for (var i = 0; i < hex.Length; i += 2)
        {
            if (!byte.TryParse(hex.Slice(i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                return false;
            }
            text.Append((char)b);
        }
        return true;
    }
}
