using TelemetryGateway.Core;

namespace TelemetryGateway.Serial.Astm.Records;

/// <summary>
/// The four delimiters of an E1394 message, declared by the header record (E1394 §7.1.2): the character after
/// "H" is the field delimiter, then come the repeat, component and escape delimiters. <c>H|\^&amp;</c> means field
/// '|', repeat '\', component '^', escape '&amp;' (some open-source meter tools name them wrongly).
/// </summary>
public readonly record struct AstmDelimiters(char Field, char Repeat, char Component, char Escape)
{
    /// <summary>The delimiters every meter we know declares; used for records decoded without a header.</summary>
    public static readonly AstmDelimiters Default = new('|', '\\', '^', '&');

    /// <summary>Reads the delimiters from a header record's text.</summary>
    /// <exception cref="DeviceFormatException">Not a header, too short, or delimiters that repeat or are letters/digits.</exception>
    public static AstmDelimiters FromHeader(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.Length < 5 || header[0] != 'H')
        {
            throw new DeviceFormatException("astm", "H record field 2", "a header starts with 'H' and four delimiters, e.g. H|\\^&");
        }

        var d = new AstmDelimiters(header[1], header[2], header[3], header[4]);
        ReadOnlySpan<char> all = [d.Field, d.Repeat, d.Component, d.Escape];
        for (var i = 0; i < all.Length; i++)
        {
            if (char.IsAsciiLetterOrDigit(all[i]) || all[i] is '\r' or ' ' || all[..i].Contains(all[i]))
            {
                throw new DeviceFormatException("astm", "H record field 2",
                    $"delimiter definition '{header[1..5]}' is not four distinct non-alphanumeric characters");
            }
        }

        return d;
    }
}
