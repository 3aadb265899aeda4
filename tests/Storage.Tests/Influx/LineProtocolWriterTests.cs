using TelemetryGateway.Storage.Influx.LineProtocol;

namespace TelemetryGateway.Storage.Tests.Influx;

/// <summary>Exact lines, per the InfluxDB line protocol reference ("Special characters").</summary>
public sealed class LineProtocolWriterTests
{
    private static string One(Action<LineProtocolWriter> write)
    {
        var writer = new LineProtocolWriter();
        write(writer);
        return writer.ToString();
    }

    [Fact]
    public void A_point_with_every_field_type_and_a_nanosecond_timestamp()
    {
        var line = One(w => w.Measurement("reading").Tag("device", "cuff-1").Tag("kind", "bp.systolic")
            .Field("value", 120.5).Field("record", 17L).Field("unit", "mm[Hg]").Field("valid", true).Field("late", false)
            .End(1740816000123456789));

        Assert.Equal("reading,device=cuff-1,kind=bp.systolic value=120.5,record=17i,unit=\"mm[Hg]\",valid=true,late=false 1740816000123456789\n", line);
    }

    [Fact]
    public void Measurement_escapes_comma_and_space_but_not_equals()
    {
        Assert.Equal("my\\ read\\,ing=x v=1i 1\n", One(w => w.Measurement("my read,ing=x").Field("v", 1L).End(1)));
    }

    [Fact]
    public void Tag_keys_and_values_escape_comma_equals_and_space()
    {
        var line = One(w => w.Measurement("m").Tag("a key,=", "Zoë, Ångström=王 🩺").Field("v", 1L).End(0));

        Assert.Equal("m,a\\ key\\,\\==Zoë\\,\\ Ångström\\=王\\ 🩺 v=1i 0\n", line);
    }

    [Fact]
    public void Field_keys_escape_comma_equals_and_space()
    {
        Assert.Equal("m field\\ a\\,b\\=c=1i\n", One(w => w.Measurement("m").Field("field a,b=c", 1L).End()));
    }

    [Fact]
    public void String_field_values_escape_double_quote_and_backslash_only()
    {
        var line = One(w => w.Measurement("m").Field("s", "say \"hi\", C:\\dir\\ a=b").End(5));

        Assert.Equal("m s=\"say \\\"hi\\\", C:\\\\dir\\\\ a=b\" 5\n", line);
    }

    [Fact]
    public void An_empty_string_field_is_two_quotes()
    {
        Assert.Equal("m s=\"\" 5\n", One(w => w.Measurement("m").Field("s", "").End(5)));
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(120.00000000000001, "120.00000000000001")] // shortest round-trip text, not 15 digits
    [InlineData(-0.0, "-0")]
    [InlineData(1e21, "1E+21")]
    [InlineData(5e-324, "5E-324")]
    [InlineData(120.0, "120")] // a float: no 'i'
    public void Floats_are_written_to_round_trip(double value, string text)
    {
        Assert.Equal($"m v={text} 1\n", One(w => w.Measurement("m").Field("v", value).End(1)));
    }

    [Theory]
    [InlineData(long.MinValue, "-9223372036854775808i")]
    [InlineData(long.MaxValue, "9223372036854775807i")]
    [InlineData(-1L, "-1i")]
    public void Integers_take_the_i_suffix_across_the_whole_range(long value, string text)
    {
        Assert.Equal($"m v={text} -1\n", One(w => w.Measurement("m").Field("v", value).End(-1)));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_floats_are_refused(double value)
    {
        var writer = new LineProtocolWriter().Measurement("m");
        Assert.Throws<ArgumentException>(() => writer.Field("v", value));
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("carriage\rreturn")]
    [InlineData("back\\slash")]
    [InlineData("")]
    public void Names_and_tag_values_that_cannot_be_carried_portably_are_refused(string text)
    {
        Assert.Throws<ArgumentException>(() => new LineProtocolWriter().Measurement(text.Length == 0 ? "" : "m" + text));
        Assert.Throws<ArgumentException>(() => new LineProtocolWriter().Measurement("m").Tag("k", text));
        Assert.Throws<ArgumentException>(() => new LineProtocolWriter().Measurement("m").Field(text.Length == 0 ? "" : "f" + text, 1L));
    }

    [Fact]
    public void A_measurement_starting_with_hash_would_be_a_comment_and_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new LineProtocolWriter().Measurement("#m"));
    }

    [Fact]
    public void Calls_out_of_order_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new LineProtocolWriter().Tag("k", "v"));
        Assert.Throws<InvalidOperationException>(() => new LineProtocolWriter().Field("f", 1L));
        Assert.Throws<InvalidOperationException>(() => new LineProtocolWriter().Measurement("m").End(1)); // no field
        Assert.Throws<InvalidOperationException>(() => new LineProtocolWriter().Measurement("m").Field("f", 1L).Tag("k", "v"));
    }

    [Fact]
    public void Lines_accumulate_and_count_and_their_utf8_is_exact()
    {
        var writer = new LineProtocolWriter();
        writer.Measurement("m").Tag("p", "王").Field("v", 1L).End(1);
        writer.Measurement("m").Field("v", 2L).End(2);

        var bytes = new byte[writer.Utf8Length()];
        writer.CopyUtf8To(bytes);

        Assert.Equal(2, writer.LineCount);
        Assert.Equal("m,p=王 v=1i 1\nm v=2i 2\n", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(writer.ToString()), bytes.Length);
    }
}

public sealed class LineProtocolWriterUtf8Tests
{
    [Fact]
    public void A_surrogate_pair_split_between_builder_chunks_is_encoded_as_one_character()
    {
        // A tiny first chunk makes the builder grow in many chunks, so some emoji straddle a boundary.
        var text = new System.Text.StringBuilder(1);
        var writer = new LineProtocolWriter(text);
        for (var i = 0; i < 2000; i++)
        {
            writer.Measurement("m").Tag("p", new string('x', i % 7) + "🩺王").Field("s", "🫀" + i).End(i);
        }
        var chunks = 0;
        var straddling = 0;
        foreach (var chunk in text.GetChunks())
        {
            chunks++;
            straddling += char.IsHighSurrogate(chunk.Span[^1]) ? 1 : 0;
        }
        Assert.True(straddling > 0, $"none of {chunks} chunk boundaries splits a pair; the test proves nothing");

        var bytes = new byte[writer.Utf8Length()];
        var written = writer.CopyUtf8To(bytes);

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(writer.ToString()), bytes);
        Assert.Equal(bytes.Length, written);
    }
}
