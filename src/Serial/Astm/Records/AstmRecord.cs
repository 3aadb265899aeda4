namespace TelemetryGateway.Serial.Astm.Records;

/// <summary>
/// One E1394 record split into fields, numbered as the standard numbers them: field 1 is the record type
/// ("H", "P", "O", "R", "C", "Q", "L"), field 2 the sequence number (or, in the header, the delimiters).
/// Values come back unescaped; a missing field is empty.
/// </summary>
public sealed class AstmRecord
{
    private readonly string[] _fields;

    internal AstmRecord(string text, string[] fields, AstmDelimiters delimiters, int index)
    {
        Text = text;
        _fields = fields;
        Delimiters = delimiters;
        Index = index;
    }

    /// <summary>The record's text as received (without its CR).</summary>
    public string Text { get; }

    /// <summary>The record type, the first character ('H', 'P', 'O', 'R', 'C', 'Q', 'L', 'M', 'S').</summary>
    public char Type => Text[0];

    /// <summary>The delimiters it was split with.</summary>
    public AstmDelimiters Delimiters { get; }

    /// <summary>Position of the record in its input (1-based), for error messages.</summary>
    public int Index { get; }

    /// <summary>How many fields the record has.</summary>
    public int FieldCount => _fields.Length;

    /// <summary>Where field <paramref name="number"/> is, in E1394 terms: "R record 3 field 4".</summary>
    public string Where(int number) => $"{Type} record {Index} field {number}";

    /// <summary>Field <paramref name="number"/> (1-based) still escaped, with its repeat/component delimiters.</summary>
    public string RawField(int number) => number >= 1 && number <= _fields.Length ? _fields[number - 1] : "";

    /// <summary>Field <paramref name="number"/>, first repeat, components joined back, unescaped.</summary>
    public string Field(int number) => AstmRecordParser.Unescape(FirstRepeat(number), Delimiters, Where(number));

    /// <summary>Component <paramref name="component"/> (1-based) of the first repeat of field <paramref name="number"/>, unescaped.</summary>
    public string Component(int number, int component)
    {
        var parts = FirstRepeat(number).Split(Delimiters.Component);
        return component >= 1 && component <= parts.Length
            ? AstmRecordParser.Unescape(parts[component - 1], Delimiters, $"{Where(number)} component {component}")
            : "";
    }

    /// <summary>Every repeat of field <paramref name="number"/>, each split into unescaped components.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Repeats(int number)
    {
        var where = Where(number);
        return [.. RawField(number).Split(Delimiters.Repeat)
            .Select(r => (IReadOnlyList<string>)[.. r.Split(Delimiters.Component).Select(c => AstmRecordParser.Unescape(c, Delimiters, where))])];
    }

    /// <summary>The components of field <paramref name="number"/> where a component may itself repeat
    /// (Bayer's header field 5: <c>Bayer7390^01.24\01.04\09.02.20^7390-2336773^7403-</c>).</summary>
    public IReadOnlyList<IReadOnlyList<string>> ComponentRepeats(int number)
    {
        var where = Where(number);
        return [.. RawField(number).Split(Delimiters.Component)
            .Select(c => (IReadOnlyList<string>)[.. c.Split(Delimiters.Repeat).Select(r => AstmRecordParser.Unescape(r, Delimiters, where))])];
    }

    public override string ToString() => Text;

    private string FirstRepeat(int number)
    {
        var raw = RawField(number);
        // The header's field 2 is the delimiter definition itself, not data.
        if (Type == 'H' && number == 2)
        {
            return "";
        }

        var repeat = raw.IndexOf(Delimiters.Repeat, StringComparison.Ordinal);
        return repeat < 0 ? raw : raw[..repeat];
    }
}
