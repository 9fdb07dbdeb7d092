using System.Globalization;
using System.Text;
using Cri.Tracing.Configuration.Internal.Toml;
using Tomlyn;
using TomlException = Cri.Tracing.Configuration.Internal.Toml.TomlException;

namespace Cri.Tracing.Tests.Configuration.Toml;

public sealed class TomlParserTests
{
    [Fact]
    public void Error_message_names_source_line_column_and_what_was_expected()
    {
        var text = string.Concat(Enumerable.Repeat("# comment\n", 11)) + "default_runtime   = \n";

        var error = Assert.Throws<TomlException>(() => TomlParser.Parse(text, "crio.conf"));

        Assert.Equal("crio.conf:12:21: Unexpected token end-of-line found while expecting a value", error.Message);
        Assert.Equal(("crio.conf", 12, 21), (error.SourceName, error.Line, error.Column));
        Assert.Equal("Unexpected token end-of-line found while expecting a value", error.Reason);
    }

    [Fact]
    public void Error_message_without_source_starts_with_the_position()
    {
        var error = Assert.Throws<TomlException>(() => TomlParser.Parse("a = 1\nb = [1 2]"));

        Assert.Equal("2:8: Missing a `,` (token: comma) to separate items in an array", error.Message);
    }

    // A known limit of Tomlyn 2.11.1: it reads a literal U+FFFD as its own decoding failure.
    [Theory]
    [InlineData("a = 1\nb = 'x\uFFFD'\n", 2, 7)]
    [InlineData("a = 1\n# \uFFFD\n", 2, 3)]
    public void Literal_replacement_character_gets_an_error_that_says_so(string text, int line, int column)
    {
        var error = Assert.Throws<TomlException>(() => TomlParser.Parse(text, "crio.conf"));

        Assert.Equal(("crio.conf", line, column), (error.SourceName, error.Line, error.Column));
        Assert.StartsWith("the replacement character U+FFFD cannot be read here", error.Reason, StringComparison.Ordinal);
        Assert.Equal("\uFFFD", Assert.IsType<string>(TomlParser.Parse("b = \"\\uFFFD\"")["b"]));
    }

    [Fact]
    public void Values_have_the_documented_clr_types()
    {
        var table = TomlParser.Parse("""
            s = "text"
            i = 0xff
            f = 1e3
            b = true
            d = 1979-05-27
            a = [1, "two"]
            t = { x = 1 }
            """);

        Assert.Equal("text", table["s"]);
        Assert.Equal(255L, table["i"]);
        Assert.Equal(1000.0, table["f"]);
        Assert.Equal(true, table["b"]);
        Assert.Equal(TomlDateTimeKind.LocalDate, Assert.IsType<TomlDateTime>(table["d"]).Kind);
        Assert.Equal([1L, "two"], Assert.IsType<TomlArray>(table["a"]));
        Assert.Equal(1L, Assert.IsType<TomlTable>(table["t"])["x"]);
    }

    [Fact]
    public void Keys_keep_document_order_and_their_positions()
    {
        var table = TomlParser.Parse("zeta = 1\nalpha = 2\n  \"quoted key\" = 3\nmid.sub = 4\n", "order.toml");

        Assert.Equal(["zeta", "alpha", "quoted key", "mid"], table.Keys);
        Assert.Equal(["zeta", "alpha", "quoted key", "mid"], table.Select(entry => entry.Key));
        Assert.Equal(new TomlPosition(3, 3), table.GetPosition("quoted key"));
        Assert.Equal(new TomlPosition(4, 5), Assert.IsType<TomlTable>(table["mid"]).GetPosition("sub"));
        Assert.Equal(4, table.Count);
    }

    [Fact]
    public void Headers_dotted_keys_inline_tables_and_arrays_of_tables_build_nested_tables()
    {
        var root = TomlParser.Parse("[a.b]\nx = 1\n\n  [a]\nd.e = 2\ni = { y.z = 3 }\n[[list]]\nn = 4\n[[list]]\nn = 5\n[list.sub]\nm = 6\n");

        var a = Assert.IsType<TomlTable>(root["a"]);
        var list = Assert.IsType<TomlArray>(root["list"]);
        Assert.Equal(["b", "d", "i"], a.Keys);
        Assert.Equal(1L, Assert.IsType<TomlTable>(a["b"])["x"]);
        Assert.Equal(new TomlPosition(1, 2), root.GetPosition("a"));
        Assert.Equal(new TomlPosition(5, 3), Assert.IsType<TomlTable>(a["d"]).GetPosition("e"));
        Assert.Equal(3L, Assert.IsType<TomlTable>(Assert.IsType<TomlTable>(a["i"])["y"])["z"]);
        Assert.Equal(2, list.Count);
        Assert.Equal(4L, Assert.IsType<TomlTable>(list[0])["n"]);
        Assert.Equal(6L, Assert.IsType<TomlTable>(Assert.IsType<TomlTable>(list[1])["sub"])["m"]);
        Assert.Equal(new TomlPosition(12, 1), Assert.IsType<TomlTable>(Assert.IsType<TomlTable>(list[1])["sub"]).GetPosition("m"));
    }

    [Fact]
    public void Missing_key_is_reported_by_TryGetValue_and_the_indexer()
    {
        var table = TomlParser.Parse("a = 1");

        Assert.False(table.TryGetValue("b", out _));
        Assert.Throws<KeyNotFoundException>(() => table["b"]);
        Assert.Throws<KeyNotFoundException>(() => table.GetPosition("b"));
    }

    [Theory]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("0x7FFFFFFFFFFFFFFF", long.MaxValue)]
    [InlineData("0o777", 511L)]
    [InlineData("0b1_0000_0000", 256L)]
    [InlineData("-0", 0L)]
    [InlineData("+1_000", 1000L)]
    public void Integers_cover_the_64_bit_range(string literal, long expected)
        => Assert.Equal(expected, TomlParser.Parse($"v = {literal}")["v"]);

    [Theory]
    [InlineData("9223372036854775808", "Unable to parse integer `9223372036854775808`")]
    [InlineData("-9223372036854775809", "Unable to parse integer `-9223372036854775809`")]
    [InlineData("0x8000000000000000", "integer does not fit in 64 bits (-9223372036854775808 to 9223372036854775807)")]
    [InlineData("0xFFFF_FFFF_FFFF_FFFF", "integer does not fit in 64 bits (-9223372036854775808 to 9223372036854775807)")]
    [InlineData("0b1000000000000000000000000000000000000000000000000000000000000000", "integer does not fit in 64 bits (-9223372036854775808 to 9223372036854775807)")]
    [InlineData("0b1_0000000000000000000000000000000000000000000000000000000000000000", "Invalid size of binary integer. Expecting less than or equal 64 binary digits")]
    [InlineData("99999999999999999999999999999", "Unable to parse integer `99999999999999999999999999999`")]
    public void Integers_beyond_64_bits_are_rejected(string literal, string reason)
    {
        var error = Assert.Throws<TomlException>(() => TomlParser.Parse($"v = {literal}"));

        Assert.Equal($"1:5: {reason}", error.Message);
    }

    [Theory]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("6.626e-34", 6.626e-34)]
    [InlineData("-0.0", -0.0)]
    [InlineData("1_000.000_1", 1000.0001)]
    [InlineData("1E+2", 100.0)]
    public void Floats_parse_to_binary64(string literal, double expected)
        => Assert.Equal(expected, TomlParser.Parse($"v = {literal}")["v"]);

    [Fact]
    public void Nan_parses_and_float_overflow_is_rejected()
    {
        Assert.True(double.IsNaN((double)TomlParser.Parse("v = -nan")["v"]));

        var error = Assert.Throws<TomlException>(() => TomlParser.Parse("v = 1e400"));
        Assert.Equal("1:5: float is too large for 64 bits; write inf for infinity", error.Message);
    }

    [Theory]
    [InlineData("1979-05-27T07:32:00Z", "1979-05-27T07:32:00Z", nameof(TomlDateTimeKind.OffsetDateTimeByZ))]
    [InlineData("1979-05-27 00:32:00.999999-07:00", "1979-05-27T00:32:00.999999-07:00", nameof(TomlDateTimeKind.OffsetDateTimeByNumber))]
    [InlineData("1979-05-27t07:32:00+00:00", "1979-05-27T07:32:00+00:00", nameof(TomlDateTimeKind.OffsetDateTimeByNumber))]
    [InlineData("1979-05-27T07:32:00.1234567", "1979-05-27T07:32:00.1234567", nameof(TomlDateTimeKind.LocalDateTime))]
    [InlineData("1979-05-27", "1979-05-27", nameof(TomlDateTimeKind.LocalDate))]
    [InlineData("00:32:00.5", "00:32:00.5", nameof(TomlDateTimeKind.LocalTime))]
    public void Date_times_keep_kind_and_precision_and_format_as_rfc3339(string literal, string formatted, string kind)
    {
        var value = Assert.IsType<TomlDateTime>(TomlParser.Parse($"v = {literal}")["v"]);

        Assert.Equal(kind, value.Kind.ToString());
        Assert.Equal(formatted, value.ToString());
    }

    [Fact]
    public void Date_time_parts_are_exposed()
    {
        var value = Assert.IsType<TomlDateTime>(TomlParser.Parse("v = 2024-02-29T23:59:58.1234567-05:30")["v"]);

        Assert.Equal(new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.FromMinutes(-330)).AddTicks(1_234_567), value.DateTime);
        Assert.Equal(7, value.SecondPrecision);
        Assert.Equal(TomlDateTimeKind.LocalDateTime, Assert.IsType<TomlDateTime>(TomlParser.Parse("v = 2024-02-29T23:59:58")["v"]).Kind);
    }

    [Theory]
    [InlineData("v = 1979-05-27T24:00:00", "1:5: Unable to parse the date time/offset `1979-05-27T24:00:00`")]
    [InlineData("v = 1979-05-27T23:59:60Z", "1:5: Unable to parse the date time/offset `1979-05-27T23:59:60Z`")]
    [InlineData("v = 0000-01-01", "1:5: Unable to parse the date time/offset `0000-01-01`")]
    [InlineData("v = 1979-05-27T07:32:00.123456789", "1:5: Invalid format of date time/offset `1979-05-27T07:32:00.123456789` not following RFC3339")]
    public void Invalid_date_times_are_rejected(string document, string message)
        => Assert.Equal(message, Assert.Throws<TomlException>(() => TomlParser.Parse(document)).Message);

    [Fact]
    public void Toml_1_1_additions_are_accepted()
    {
        var table = TomlParser.Parse("t = 07:32\nd = 1979-05-27T07:32\ni = { a = 1,\n  b = 2, }\ns = \"\\x41\\e\"\n");

        Assert.Equal("07:32:00", table["t"].ToString());
        Assert.Equal("1979-05-27T07:32:00", table["d"].ToString());
        Assert.Equal(["a", "b"], Assert.IsType<TomlTable>(table["i"]).Keys);
        Assert.Equal("A\u001B", table["s"]);
    }

    [Fact]
    public void Strings_decode_every_escape_and_multi_line_form()
    {
        var table = TomlParser.Parse(
            "basic = \"\\b\\t\\n\\f\\r\\\"\\\\\\u00e9\\U0001F600\"\n" +
            "multi = \"\"\"\r\n  one\r\n  two \\\r\n     three\"\"\"\"\"\n" +
            "literal = 'C:\\path'\n" +
            "multiliteral = '''\nraw \\n ''''\n");

        Assert.Equal("\b\t\n\f\r\"\\\u00e9\U0001F600", table["basic"]);
        // Tomlyn keeps a CRLF inside a multi-line string as written; TOML lets parsers choose.
        Assert.Equal("  one\r\n  two three\"\"", table["multi"]);
        Assert.Equal("C:\\path", table["literal"]);
        Assert.Equal("raw \\n '", table["multiliteral"]);
    }

    [Theory]
    [InlineData("a = 1\rb = 2", "1:6: Invalid \\r not followed by \\n")]
    [InlineData("a = \"\"\"x\ry\"\"\"", "1:9: Invalid \\r not followed by \\n")]
    [InlineData("a = \"\u0001\"", "1:5: Invalid control character found \\u1;")]
    [InlineData("a = \"\\ud800\"", "1:7: Invalid Unicode scalar value [D800]")]
    [InlineData("a = \"\\", "1:7: unexpected end of file in an escape sequence")]
    [InlineData("a = \"\"\"x\\u00", "1:13: unexpected end of file in an escape sequence")]
    [InlineData("a = \"\"\"\n\\U0001", "2:7: unexpected end of file in an escape sequence")]
    public void Malformed_text_is_rejected_at_the_offending_character(string document, string message)
        => Assert.Equal(message, Assert.Throws<TomlException>(() => TomlParser.Parse(document)).Message);

    [Fact]
    public void Unpaired_surrogates_in_text_input_are_rejected()
    {
        // Built at run time: attribute arguments cannot carry unpaired surrogates.
        var highAlone = "a = \"" + (char)0xD800 + "\"";
        var lowAlone = "# " + (char)0xDC00;

        Assert.Equal("1:6: Invalid UTF-16 surrogate sequence in TOML input.", Assert.Throws<TomlException>(() => TomlParser.Parse(highAlone)).Message);
        Assert.Equal("1:3: Invalid UTF-16 surrogate sequence in TOML input.", Assert.Throws<TomlException>(() => TomlParser.Parse(lowAlone)).Message);
    }

    [Theory]
    [InlineData("[a.b]\n[a]\nc = 1")]
    [InlineData("a.b = 1\n[a.c]")]
    [InlineData("[fruit]\napple.color = 'red'\n[fruit.apple.texture]\nsmooth = true")]
    [InlineData("[[a]]\n[a.b]\n[[a]]\n[a.b]")]
    [InlineData("[a.b.c]\n[a]\nb.d = 1")]
    [InlineData("t = { a.b = 1, a.c = 2 }")]
    [InlineData("[[a.b]]\n[a]\nc = 1")]
    public void Redefinition_rules_accept_extending_open_tables(string document)
        => Assert.NotEmpty(TomlParser.Parse(document));

    [Theory]
    [InlineData("[a]\n[a]", "2:1: The key `a` is already defined at 1:1 and cannot be redefined")]
    [InlineData("a.b = 1\n[a]", "2:1: The key `a` is already defined at 1:1 and cannot be redefined")]
    [InlineData("[a.b]\n[a]\nb.c = 1", "3:1: The key `a.b` is already defined at 1:1 and cannot be redefined")]
    [InlineData("a = {}\n[a.b]", "2:2: The key `a` is already defined at 1:1 and cannot be redefined")]
    [InlineData("a = { b = {} }\na.b.c = 1", "2:1: The key `a` is already defined at 1:1 and cannot be redefined")]
    [InlineData("t = { a = { b = 1 }, a.c = 2 }", "1:22: The key `t.a` is already defined at 1:7 and cannot be redefined")]
    [InlineData("a = []\n[[a]]", "2:1: The key `a` is already defined at 1:1 and cannot be redefined")]
    [InlineData("[[a]]\n[a]", "2:1: The key `a` is already defined at 1:1 and cannot be redefined")]
    [InlineData("[a]\n[[a]]", "2:1: The key `a` is already defined at 1:1 and cannot be redefined")]
    [InlineData("a = 1\n[a.b]", "2:2: The key `a` is already defined at 1:1 and cannot be redefined")]
    [InlineData("\"a b\" = 1\n'a b' = 2", "2:1: The key `a b` is already defined at 1:1 and cannot be redefined")]
    [InlineData("[a]\nx = 1\ny = 2\n[b]\n[a]", "5:1: The key `a` is already defined at 1:1 and cannot be redefined")]
    public void Redefinition_rules_reject_reopening_closed_tables(string document, string message)
        => Assert.Equal(message, Assert.Throws<TomlException>(() => TomlParser.Parse(document)).Message);

    [Fact]
    public void Bom_is_skipped_and_invalid_utf8_is_rejected_with_its_position()
    {
        Assert.Equal(1L, TomlParser.Parse("\uFEFFa = 1")["a"]);
        Assert.Equal(1L, TomlParser.Parse("\uFEFFa = 1"u8)["a"]);

        byte[] invalid = [.. "a = 1\nb = \"\u00e9"u8, 0xFF, (byte)'"'];
        var error = Assert.Throws<TomlException>(() => TomlParser.Parse(invalid, "bad.toml"));
        Assert.Equal("bad.toml:2:7: the document is not valid UTF-8", error.Message);
    }

    [Theory]
    [InlineData("a = ", "[", "")]
    [InlineData("", "a={", "")]
    [InlineData("[", "a.", "a]")]
    [InlineData("", "a.", "a = 1")]
    public void Deep_nesting_fails_cleanly_instead_of_overflowing_the_stack(string prefix, string repeated, string suffix)
    {
        var document = prefix + new StringBuilder().Insert(0, repeated, 100_000) + suffix;

        var error = Assert.Throws<TomlException>(() => TomlParser.Parse(document));

        Assert.Equal($"tables and arrays are nested more than {TomlParser.MaxNestingDepth} levels deep", error.Reason);
        Assert.Equal(1, error.Line);
        Assert.InRange(error.Column, TomlParser.MaxNestingDepth, document.Length);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_accepted()
    {
        var depth = TomlParser.MaxNestingDepth;
        var arrays = TomlParser.Parse("a = " + new string('[', depth - 1) + new string(']', depth - 1));
        var headers = TomlParser.Parse("[" + string.Join('.', Enumerable.Repeat("k", depth)) + "]");

        var array = Assert.IsType<TomlArray>(arrays["a"]);
        for (var level = 2; level < depth; level++)
        {
            array = Assert.IsType<TomlArray>(Assert.Single(array));
        }

        Assert.Empty(array);
        Assert.Single(headers);
    }

    [Fact]
    public void Large_document_parses_completely()
    {
        var document = new StringBuilder();
        for (var i = 0; i < 2_000; i++)
        {
            document.Append(CultureInfo.InvariantCulture, $"[section{i}]\nname = \"value {i}\" # comment\nport = {i}\nratio = {i}.5\nlist = [1, 2, 3]\n");
        }

        var table = TomlParser.Parse(document.ToString());

        Assert.Equal(2_000, table.Count);
        Assert.Equal(1999.5, Assert.IsType<TomlTable>(table["section1999"])["ratio"]);
    }
}
