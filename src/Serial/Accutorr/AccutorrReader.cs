using System.Globalization;
using System.Text;
using TelemetryGateway.Core;

namespace TelemetryGateway.Serial.Accutorr;

/// <summary>
/// The monitor's side of the Accutorr PC interface as a pure, resumable reader: bytes in, messages out, no I/O.
/// </summary>
/// <remarks>
/// Service manual pp. 1-52/1-53: plain ASCII, "no packets, checksums, etc."; a reply is the command character, a
/// colon, then numbers of up to three digits separated by commas, the last followed by CR LF; a field not in use
/// is "--". The manual's own example pads with spaces (<c>P:--,85,120, 45, 80,000,010,000, 5</c>), so a field is
/// up to three characters of digits after optional spaces. The prompt "&gt;" stands alone, with no line end.
/// </remarks>
public static class AccutorrReader
{
    /// <summary>Longest line accepted; the longest reply (L, ten fields) is 41 characters.</summary>
    public const int MaxLineLength = 128;

    private const string Format = "accutorr";

    /// <summary>
    /// Reads one message from the front of <paramref name="buffer"/>, advancing it past what was used. Line ends
    /// and stray NULs between messages are skipped.
    /// </summary>
    /// <returns>False when more bytes are needed (nothing is consumed but skipped separators).</returns>
    /// <exception cref="DeviceFormatException">A line that is too long, not ASCII, or not a known reply.</exception>
    public static bool TryRead(ref ReadOnlySpan<byte> buffer, out AccutorrMessage? message)
    {
        message = null;
        var skip = 0;
        while (skip < buffer.Length && buffer[skip] is (byte)'\r' or (byte)'\n' or 0)
        {
            skip++;
        }

        buffer = buffer[skip..];
        if (buffer.IsEmpty)
        {
            return false;
        }

        if (buffer[0] == AccutorrCommands.Prompt)
        {
            buffer = buffer[1..];
            message = new AccutorrPrompt();
            return true;
        }

        var end = buffer.IndexOfAny((byte)'\r', (byte)'\n');
        if (end < 0)
        {
            return buffer.Length <= MaxLineLength
                ? false
                : throw new DeviceFormatException(Format, "line", $"no CR LF within {MaxLineLength} characters");
        }

        if (end > MaxLineLength)
        {
            throw new DeviceFormatException(Format, "line", $"{end} characters, longer than {MaxLineLength}");
        }

        var line = buffer[..end];
        buffer = buffer[end..];
        message = ParseLine(line);
        return true;
    }

    /// <summary>Parses one line without its CR LF.</summary>
    /// <exception cref="DeviceFormatException">Not a banner, P or L line, or a field that is not a number or "--".</exception>
    public static AccutorrMessage ParseLine(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is < 0x20 or > 0x7E)
            {
                throw new DeviceFormatException(Format, "line", $"byte 0x{b:X2} is not printable ASCII");
            }
        }

        var text = Encoding.ASCII.GetString(line);
        if (text.StartsWith(AccutorrCommands.ReadyBanner, StringComparison.Ordinal))
        {
            return new AccutorrReady();
        }

        if (text.Length < 2 || text[1] != ':')
        {
            throw new DeviceFormatException(Format, "line", $"'{Shorten(text)}' is not a reply (command character and colon)");
        }

        var fields = text[2..].Split(',');
        switch (text[0])
        {
            case 'P':
                Expect(fields, 9, 'P');
                var p = Numbers(fields, 'P');
                return new AccutorrPatientData(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
            case 'L':
                Expect(fields, 10, 'L');
                var l = Numbers(fields, 'L');
                return new AccutorrAlarmLimits(l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7], l[8], l[9]);
            default:
                throw new DeviceFormatException(Format, "line", $"reply to unknown command '{text[0]}'");
        }
    }

    private static void Expect(string[] fields, int count, char command)
    {
        if (fields.Length != count)
        {
            throw new DeviceFormatException(Format, $"{command} reply", $"{fields.Length} fields, expected {count}");
        }
    }

    private static int?[] Numbers(string[] fields, char command)
    {
        var values = new int?[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            values[i] = Number(fields[i], command, i + 1);
        }

        return values;
    }

    // "--" (or "---") is a field not in use; otherwise 1 to 3 digits after optional padding spaces.
    private static int? Number(string field, char command, int position)
    {
        var trimmed = field.Trim(' ');
        if (trimmed is "--" or "---")
        {
            return null;
        }

        if (trimmed.Length is < 1 or > 3 || field.Length > 3 || !trimmed.All(char.IsAsciiDigit))
        {
            throw new DeviceFormatException(Format, $"{command} reply field {position}", $"'{field}' is not a number of up to three digits or \"--\"");
        }

        return int.Parse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
