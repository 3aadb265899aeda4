using System.Globalization;

namespace TelemetryGateway.Monitors.Hl7;

/// <summary>OBX-7 reference range: "lower-upper", "&lt;upper", "&gt;lower" (v2.6 §7.4.2.7), bounds in the OBX-6 unit.</summary>
public readonly record struct ReferenceRange(double? Low, double? High)
{
    /// <summary>Parses the forms monitors send ("60-100", "75 - 90", "&lt;120", "&gt;90"); false for anything else.</summary>
    public static bool TryParse(string text, out ReferenceRange range)
    {
        range = default;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }
        if (text[0] is '<' or '>')
        {
            if (!TryNumber(text[1..].TrimStart('='), out var bound))
            {
                return false;
            }
            range = text[0] == '<' ? new(null, bound) : new(bound, null);
            return true;
        }
        // The separator is the first '-' after the first character (the lower bound may be negative).
        var dash = text.IndexOf('-', 1);
        if (dash < 0 || !TryNumber(text[..dash], out var low) || !TryNumber(text[(dash + 1)..], out var high))
        {
            return false;
        }
        range = new(low, high);
        return true;
    }

    private static bool TryNumber(string s, out double value) =>
        double.TryParse(s.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
}
