using TelemetryGateway.Core;

namespace TelemetryGateway.Monitors.Hl7;

/// <summary>An HL7 v2 message split into segments (HL7 v2.6 chapter 2, "Message construction rules").</summary>
public sealed class Hl7Message
{
    /// <summary>Longest message we parse; a monitor's ORU^R01 with waveforms stays far below.</summary>
    public const int MaxLength = 4 * 1024 * 1024;

    private Hl7Message(Hl7Delimiters delimiters, IReadOnlyList<Hl7Segment> segments)
    {
        Delimiters = delimiters;
        Segments = segments;
    }

    public Hl7Delimiters Delimiters { get; }

    public IReadOnlyList<Hl7Segment> Segments { get; }

    /// <summary>The MSH segment (always the first).</summary>
    public Hl7Segment Header => Segments[0];

    /// <summary>Parses a message. Segments end with CR (the standard), LF or CRLF (files and test tools);
    /// MLLP framing (0x0B … 0x1C 0x0D) around it is removed.</summary>
    /// <exception cref="DeviceFormatException">Malformed: names the segment or field.</exception>
    public static Hl7Message Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new DeviceFormatException("hl7", "message", $"{text.Length} characters exceed the limit of {MaxLength}");
        }
        text = Mllp.StripFrame(text);
        var lines = text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var first = 0;
        while (first < lines.Length && string.IsNullOrWhiteSpace(lines[first]))
        {
            first++;
        }
        if (first == lines.Length)
        {
            throw new DeviceFormatException("hl7", "message", "empty message");
        }
        var delimiters = Hl7Delimiters.FromHeader(lines[first].TrimStart());
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var segments = new List<Hl7Segment>(lines.Length);
        for (var i = first; i < lines.Length; i++)
        {
            var line = i == first ? lines[i].TrimStart() : lines[i];
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var fields = line.Split(delimiters.Field);
            var id = fields[0];
            if (id.Length != 3 || !id.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiLetterUpper(id[0]))
            {
                throw new DeviceFormatException("hl7", $"segment {segments.Count + 1}", $"'{Shorten(id)}' is not a segment id");
            }
            if (id == "MSH")
            {
                if (segments.Count > 0)
                {
                    throw new DeviceFormatException("hl7", $"segment {segments.Count + 1}", "a second MSH: one message at a time");
                }
                // MSH-1 is the separator itself: shift so that index n holds MSH-n.
                fields = ["MSH", delimiters.Field.ToString(), .. fields[1..]];
            }
            counts[id] = counts.GetValueOrDefault(id) + 1;
            segments.Add(new Hl7Segment(id, counts[id], fields, delimiters));
        }
        return new Hl7Message(delimiters, segments);
    }

    private static string Shorten(string s) => s.Length <= 12 ? s : s[..12] + "…";
}
