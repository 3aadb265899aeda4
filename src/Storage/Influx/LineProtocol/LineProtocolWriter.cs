using System.Globalization;
using System.Text;

namespace TelemetryGateway.Storage.Influx.LineProtocol;

/// <summary>Writes points in the InfluxDB line protocol, one line per point:
/// <c>measurement[,tag_key=tag_value…] field_key=field_value[,…] [timestamp]</c>.</summary>
/// <remarks>
/// <para>Escaping follows the InfluxDB 1.x "Line protocol reference", section "Special characters":</para>
/// <list type="bullet">
/// <item>measurement: comma and space are escaped with a backslash;</item>
/// <item>tag keys, tag values and field keys: comma, equals sign and space are escaped;</item>
/// <item>string field values: double quote and backslash are escaped, the value is double-quoted;</item>
/// <item>integer fields end in <c>i</c>, floats are plain decimals, booleans are <c>true</c>/<c>false</c>;</item>
/// <item>the timestamp is an integer in the precision named by the write request (we use nanoseconds).</item>
/// </list>
/// <para>Some characters cannot be carried in a name or tag value portably: a newline or carriage return
/// ends the line; a backslash is taken literally by influxd 1.x ("a\\b" stays two backslashes) but
/// unescaped by influxd 2.x and VictoriaMetrics, and a trailing one escapes the delimiter after it. The
/// writer refuses those (<see cref="ArgumentException"/>) instead of writing a line that reads back
/// differently on some servers; <see cref="Internal.TagCodec"/> percent-encodes them first.</para>
/// <para>The writer is a small state machine (measurement, tags, fields, end) and checks the order of calls.</para>
/// </remarks>
public sealed class LineProtocolWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly StringBuilder _text;
    private State _state = State.LineStart;

    /// <summary>Writes into <paramref name="text"/>, or a new builder when null.</summary>
    public LineProtocolWriter(StringBuilder? text = null) => _text = text ?? new StringBuilder(256);

    private enum State
    {
        LineStart,
        Tags,
        Fields,
    }

    /// <summary>Complete lines written.</summary>
    public int LineCount { get; private set; }

    /// <summary>Length of the text written so far, in UTF-16 characters.</summary>
    public int Length => _text.Length;

    /// <summary>Starts a point.</summary>
    public LineProtocolWriter Measurement(string name)
    {
        Require(State.LineStart, "Measurement");
        CheckName(name, nameof(name));
        if (name[0] == '#')
        {
            throw new ArgumentException("A measurement name starting with '#' would read as a comment line.", nameof(name));
        }
        AppendEscaped(name, escapeEquals: false);
        _state = State.Tags;
        return this;
    }

    /// <summary>Adds a tag. Influx sorts tags by key itself; writing them in key order saves it the work.</summary>
    public LineProtocolWriter Tag(string key, string value)
    {
        Require(State.Tags, "Tag");
        CheckName(key, nameof(key));
        CheckName(value, nameof(value));
        _text.Append(',');
        AppendEscaped(key, escapeEquals: true);
        _text.Append('=');
        AppendEscaped(value, escapeEquals: true);
        return this;
    }

    /// <summary>Adds a float field; the shortest text that parses back to the same double.</summary>
    /// <exception cref="ArgumentException">NaN or an infinity: line protocol has no literal for them.</exception>
    public LineProtocolWriter Field(string key, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Field '{key}' is {value}; line protocol floats must be finite.", nameof(value));
        }
        FieldKey(key);
        _text.Append(value.ToString("R", CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Adds a signed 64-bit integer field (<c>123i</c>).</summary>
    public LineProtocolWriter Field(string key, long value)
    {
        FieldKey(key);
        _text.Append(value.ToString(CultureInfo.InvariantCulture)).Append('i');
        return this;
    }

    /// <summary>Adds a boolean field.</summary>
    public LineProtocolWriter Field(string key, bool value)
    {
        FieldKey(key);
        _text.Append(value ? "true" : "false");
        return this;
    }

    /// <summary>Adds a string field: double-quoted, with <c>"</c> and <c>\</c> escaped.</summary>
    public LineProtocolWriter Field(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        FieldKey(key);
        _text.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                _text.Append('\\');
            }
            _text.Append(c);
        }
        _text.Append('"');
        return this;
    }

    /// <summary>Ends the point with a timestamp in the request's precision.</summary>
    public void End(long timestamp)
    {
        RequireFields();
        _text.Append(' ').Append(timestamp.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Complete();
    }

    /// <summary>Ends the point without a timestamp (the server's clock is used).</summary>
    public void End()
    {
        RequireFields();
        _text.Append('\n');
        Complete();
    }

    /// <summary>The lines written, each ending in '\n'.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>Forgets everything written.</summary>
    public void Clear()
    {
        _text.Clear();
        _state = State.LineStart;
        LineCount = 0;
    }

    /// <summary>Copies the text into <paramref name="destination"/> as UTF-8.</summary>
    /// <remarks>One encoder across the builder's chunks: a surrogate pair (an emoji in a patient's name)
    /// split between two chunks must become one 4-byte sequence, not two replacement characters.</remarks>
    public int CopyUtf8To(Span<byte> destination)
    {
        var encoder = Utf8.GetEncoder();
        var written = 0;
        foreach (var chunk in _text.GetChunks())
        {
            written += encoder.GetBytes(chunk.Span, destination[written..], flush: false);
        }
        written += encoder.GetBytes(ReadOnlySpan<char>.Empty, destination[written..], flush: true);
        return written;
    }

    /// <summary>How many UTF-8 bytes <see cref="CopyUtf8To"/> writes.</summary>
    /// <remarks>Counted per UTF-16 unit (an encoder's count ignores a surrogate pair split between chunks):
    /// each half of a pair is 2 of its 4 bytes; an unpaired half makes <see cref="CopyUtf8To"/> throw.</remarks>
    public int Utf8Length()
    {
        var length = 0;
        foreach (var chunk in _text.GetChunks())
        {
            foreach (var c in chunk.Span)
            {
                length += c switch
                {
                    < '\u0080' => 1,
                    < '\u0800' => 2,
                    >= '\uD800' and <= '\uDFFF' => 2,
                    _ => 3,
                };
            }
        }
        return length;
    }

    private void FieldKey(string key)
    {
        if (_state == State.LineStart)
        {
            throw new InvalidOperationException("Field before Measurement.");
        }
        CheckName(key, nameof(key));
        _text.Append(_state == State.Tags ? ' ' : ',');
        AppendEscaped(key, escapeEquals: true);
        _text.Append('=');
        _state = State.Fields;
    }

    private void RequireFields()
    {
        if (_state != State.Fields)
        {
            throw new InvalidOperationException("A point needs at least one field before it ends.");
        }
    }

    private void Complete()
    {
        _state = State.LineStart;
        LineCount++;
    }

    private void Require(State state, string call)
    {
        if (_state != state)
        {
            throw new InvalidOperationException($"{call} is not allowed after {(_state == State.Fields ? "a field" : _state == State.Tags ? "the measurement or a tag" : "the end of a line")}.");
        }
    }

    private void AppendEscaped(string text, bool escapeEquals)
    {
        foreach (var c in text)
        {
            if (c is ',' or ' ' || (escapeEquals && c == '='))
            {
                _text.Append('\\');
            }
            _text.Append(c);
        }
    }

    private static void CheckName(string text, string parameter)
    {
        ArgumentNullException.ThrowIfNull(text, parameter);
        if (text.Length == 0)
        {
            throw new ArgumentException("Names and tag values cannot be empty in line protocol.", parameter);
        }
        if (text.AsSpan().IndexOfAny('\n', '\r', '\\') is var at and >= 0)
        {
            throw new ArgumentException(
                $"'{text}' holds a {(text[at] == '\\' ? "backslash" : "line break")} at {at}, which line protocol cannot carry in a name or tag value portably; encode it first.",
                parameter);
        }
    }
}
