namespace TelemetryGateway.Monitors.Hl7;

/// <summary>One segment of a message, split into fields; numbering follows the standard (MSH-3 is the
/// third field of MSH even though MSH-1 is the field separator itself).</summary>
public sealed class Hl7Segment
{
    private readonly string[] _fields;

    internal Hl7Segment(string id, int ordinal, string[] fields, Hl7Delimiters delimiters)
    {
        Id = id;
        Ordinal = ordinal;
        _fields = fields;
        Delimiters = delimiters;
    }

    /// <summary>Segment id, e.g. "OBX".</summary>
    public string Id { get; }

    /// <summary>1-based count of this segment id within the message: OBX[3] is the third OBX.</summary>
    public int Ordinal { get; }

    public Hl7Delimiters Delimiters { get; }

    /// <summary>"OBX[3]": how errors and unmapped observations name the segment.</summary>
    public string Name => $"{Id}[{Ordinal}]";

    /// <summary>The raw (still escaped) field <paramref name="number"/>; empty when absent.</summary>
    public string Raw(int number) => number >= 0 && number < _fields.Length ? _fields[number] : "";

    /// <summary>Repetitions of field <paramref name="number"/>, raw.</summary>
    public string[] Repetitions(int number)
    {
        var raw = Raw(number);
        return raw.Length == 0 ? [] : raw.Split(Delimiters.Repetition);
    }

    /// <summary>Component <paramref name="component"/> (1-based) of the first repetition of the field, unescaped.</summary>
    public string Component(int number, int component) => ComponentOf(Repetitions(number).FirstOrDefault() ?? "", component);

    /// <summary>Component (1-based) of one raw field repetition, unescaped; its first subcomponent only.</summary>
    public string ComponentOf(string repetition, int component)
    {
        var parts = repetition.Split(Delimiters.Component);
        if (component < 1 || component > parts.Length)
        {
            return "";
        }
        var part = parts[component - 1];
        var sub = part.IndexOf(Delimiters.Subcomponent);
        return Hl7Escaping.Unescape(sub < 0 ? part : part[..sub], Delimiters);
    }

    /// <summary>The whole first repetition of the field, unescaped, components left joined.</summary>
    public string Text(int number) => Hl7Escaping.Unescape(Repetitions(number).FirstOrDefault() ?? "", Delimiters);
}
