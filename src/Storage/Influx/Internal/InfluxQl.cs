using System.Globalization;
using System.Text;

namespace TelemetryGateway.Storage.Influx.Internal;

/// <summary>Quoting for InfluxQL text (InfluxQL specification, "Identifiers" and "Strings").</summary>
internal static class InfluxQl
{
    /// <summary>A double-quoted identifier: <c>"</c> and <c>\</c> escaped with a backslash.</summary>
    public static string Identifier(string name) => "\"" + Escape(name, '"') + "\"";

    /// <summary>A single-quoted string literal: <c>'</c> and <c>\</c> escaped with a backslash.</summary>
    public static string Literal(string value) => "'" + Escape(value, '\'') + "'";

    /// <summary>An integer time literal (nanoseconds since the epoch).</summary>
    public static string Time(long nanoseconds) => nanoseconds.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>("tag" = 'a' OR "tag" = 'b' …)</c>.</summary>
    public static void AnyOf(StringBuilder text, string tag, IEnumerable<string> values)
    {
        text.Append('(');
        var first = true;
        foreach (var value in values)
        {
            text.Append(first ? "" : " OR ").Append(Identifier(tag)).Append(" = ").Append(Literal(value));
            first = false;
        }
        text.Append(')');
    }

    private static string Escape(string text, char quote)
    {
        if (text.AsSpan().IndexOfAny(quote, '\\') < 0)
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (c == quote || c == '\\')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
