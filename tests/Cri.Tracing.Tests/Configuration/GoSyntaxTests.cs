using System.Globalization;
using Cri.Tracing.Configuration.Internal;
using FsCheck;
using FsCheck.Fluent;

namespace Cri.Tracing.Tests.Configuration;

public sealed class GoSyntaxTests
{
    [Theory]
    [InlineData("1", true)]
    [InlineData("t", true)]
    [InlineData("T", true)]
    [InlineData("TRUE", true)]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("0", false)]
    [InlineData("f", false)]
    [InlineData("F", false)]
    [InlineData("FALSE", false)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    public void ParseBool_accepts_Go_spellings(string text, bool expected)
    {
        Assert.True(GoSyntax.TryParseBool(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("tRUE")]
    [InlineData("")]
    [InlineData(" true")]
    public void ParseBool_rejects_other_spellings(string text) => Assert.False(GoSyntax.TryParseBool(text, out _));

    [Theory]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("0x_1F", 31)]
    [InlineData("0_17", 15)]
    [InlineData("-0b11", -3)]
    [InlineData("0", 0)]
    public void ParseInt64_accepts_Go_base_0_syntax(string text, long expected)
    {
        Assert.True(GoSyntax.TryParseInt64(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("08")]
    [InlineData("0x")]
    [InlineData("_1")]
    [InlineData("1_")]
    [InlineData("1__0")]
    [InlineData("1.0")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(" 1")]
    public void ParseInt64_rejects_what_Go_rejects(string text) => Assert.False(GoSyntax.TryParseInt64(text, out _));

    [Fact]
    public void ParseInt64_reads_every_decimal_and_hexadecimal_long()
    {
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(2_000).WithQuietOnSuccess(true),
            Prop.ForAll<long>(value =>
            {
                var hex = (value < 0 ? "-0x" : "0x") + (value == long.MinValue ? "8000000000000000" : Math.Abs(value).ToString("x", CultureInfo.InvariantCulture));
                return GoSyntax.TryParseInt64(value.ToString(CultureInfo.InvariantCulture), out var fromDecimal) && fromDecimal == value
                    && GoSyntax.TryParseInt64(hex, out var fromHex) && fromHex == value;
            }));
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("tab\tnew\nline", "\"tab\\tnew\\nline\"")]
    [InlineData("\u001b", "\"\\u001b\"")]
    public void Quote_escapes_as_Go_and_TOML_both_read(string text, string expected) => Assert.Equal(expected, GoSyntax.Quote(text));
}
