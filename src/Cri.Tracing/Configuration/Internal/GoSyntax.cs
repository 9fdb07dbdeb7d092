using System.Globalization;
using System.Text;

namespace Cri.Tracing.Configuration.Internal;

/// <summary>
/// The Go standard library's spellings, which CRI-O's flags and variables accept and Kubernetes' messages use.
/// </summary>
internal static class GoSyntax
{
    /// <summary>Parses a boolean as Go's <c>strconv.ParseBool</c> does: 1, t, T, TRUE, true, True and their false forms.</summary>
    public static bool TryParseBool(string text, out bool value)
    {
        switch (text)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True":
                value = true;
                return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>
    /// Parses a 64-bit integer as Go's <c>strconv.ParseInt(text, 0, 64)</c> does: an optional sign, a base prefix
    /// (<c>0x</c>, <c>0o</c>, <c>0b</c>, or a leading <c>0</c> for octal) and underscores between digits.
    /// </summary>
    public static bool TryParseInt64(string text, out long value)
    {
        value = 0;
        var span = text.AsSpan();
        var negative = false;
        if (span.Length > 0 && (span[0] == '+' || span[0] == '-'))
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        var radix = 10;
        var afterPrefix = false;
        if (span.Length >= 2 && span[0] == '0' && char.ToLowerInvariant(span[1]) is 'x' or 'o' or 'b')
        {
            radix = char.ToLowerInvariant(span[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            span = span[2..];
            afterPrefix = true;
        }
        else if (span.Length >= 2 && span[0] == '0')
        {
            radix = 8;
        }

        ulong magnitude = 0;
        var digits = 0;
        var previousWasSeparator = false;
        foreach (var c in span)
        {
            if (c == '_')
            {
                // An underscore must follow a digit or the base prefix, and be followed by a digit.
                if (previousWasSeparator || (digits == 0 && !afterPrefix))
                {
                    return false;
                }

                previousWasSeparator = true;
                continue;
            }

            var digit = HexDigitValue(c);
            if (digit < 0 || digit >= radix)
            {
                return false;
            }

            if (magnitude > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                return false;
            }

            magnitude = (magnitude * (ulong)radix) + (ulong)digit;
            digits++;
            previousWasSeparator = false;
        }

        if (digits == 0 || previousWasSeparator)
        {
            return false;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = (long)(0 - magnitude);
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    /// <summary>
    /// Quotes a string as Go's <c>%q</c> verb does for the text people write; the result is also a valid TOML basic
    /// string, since control characters take TOML's escapes (<c>\u001b</c> where Go would write <c>\x1b</c>).
    /// </summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\b' => builder.Append("\\b"),
                '\f' => builder.Append("\\f"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                < ' ' or '\u007f' => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    private static int HexDigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
