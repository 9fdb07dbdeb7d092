using System.Buffers;
using System.Globalization;
using System.Text;

namespace Cri.Tracing.Configuration.Internal.Toml;

/// <summary>
/// Reads one TOML 1.0.0 document by recursive descent over its text. Nesting depth is capped, so hostile input
/// cannot exhaust the stack here or in code that walks the result. Every loop moves forward through the text,
/// so the time is linear in its length.
/// </summary>
internal sealed class TomlDocumentReader
{
    /// <summary>
    /// How deep tables and arrays may nest, counting each key part, array and inline table below the root;
    /// real configuration stays far below this.
    /// </summary>
    public const int MaxNestingDepth = 128;

    // Characters that end a run of plain string content. Control characters other than tab are forbidden in
    // strings and comments; surrogates stop the scan only so that unpaired ones can be rejected.
    private static readonly SearchValues<char> CommentStops = SearchValues.Create(ForbiddenAnd(string.Empty));
    private static readonly SearchValues<char> BasicStringStops = SearchValues.Create(ForbiddenAnd("\"\\"));
    private static readonly SearchValues<char> LiteralStringStops = SearchValues.Create(ForbiddenAnd("'"));

    private readonly string text;
    private readonly string? sourceName;
    private readonly TomlTable root;

    // Reused for every key and for strings with escapes, so that reading allocates little beyond the results.
    private readonly List<(string Name, TomlPosition Position)> keyParts = [];
    private readonly StringBuilder buffer = new();

    private int pos;
    private int line = 1;
    private int lineStart;

    public TomlDocumentReader(string text, string? sourceName)
    {
        this.text = text;
        this.sourceName = sourceName;
        this.root = new TomlTable(sourceName, new TomlPosition(1, 1), TomlTableKind.Header);

        // A byte order mark is an encoding artefact, not content; columns still count from the first real character.
        if (text.StartsWith('\uFEFF'))
        {
            this.pos = 1;
            this.lineStart = 1;
        }
    }

    private TomlPosition Here => new(this.line, this.pos - this.lineStart + 1);

    private char Current => this.pos < this.text.Length ? this.text[this.pos] : '\0';

    private bool AtEnd => this.pos >= this.text.Length;

    public TomlTable ReadDocument()
    {
        var current = this.root;
        var currentLevel = 0;
        while (true)
        {
            this.SkipWhitespace();
            if (this.AtEnd)
            {
                return this.root;
            }

            switch (this.text[this.pos])
            {
                case '\n' or '\r' or '#':
                    this.ReadLineEnd("a key, a [table] header or end of line");
                    break;
                case '[':
                    current = this.ReadHeader(out currentLevel);
                    this.ReadLineEnd("end of line after the table header");
                    break;
                default:
                    this.ReadKeyValue(current, currentLevel);
                    this.ReadLineEnd("end of line after the value");
                    break;
            }
        }
    }

    private static string ForbiddenAnd(string extra)
    {
        var chars = new StringBuilder(extra);
        for (var c = '\0'; c < ' '; c++)
        {
            if (c != '\t')
            {
                chars.Append(c);
            }
        }

        chars.Append('\u007F');
        for (var c = '\uD800'; c <= '\uDFFF'; c++)
        {
            chars.Append(c);
        }

        return chars.ToString();
    }

    private static bool IsBareKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    private static bool IsDigit(char c, int radix) => radix switch
    {
        16 => char.IsAsciiHexDigit(c),
        8 => c is >= '0' and <= '7',
        2 => c is '0' or '1',
        _ => char.IsAsciiDigit(c),
    };

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static string RadixDigitName(int radix) => radix switch
    {
        16 => "a hexadecimal digit",
        8 => "an octal digit",
        _ => "a binary digit",
    };

    private static string DescribeType(object value) => value switch
    {
        string => "a string",
        long => "an integer",
        double => "a float",
        bool => "a boolean",
        TomlDateTime => "a date-time",
        TomlArray { IsArrayOfTables: true } => "an array of tables",
        TomlArray => "an array",
        _ => "a table",
    };

    private static TomlDateTime NewDateTime(TomlDateTimeKind kind, DateOnly date, (int Hour, int Minute, int Second, int Nanosecond, int FractionDigits) time, int offsetMinutes)
        => new(kind, date, time.Hour, time.Minute, time.Second, time.Nanosecond, time.FractionDigits, offsetMinutes);

    private static string FormatKey(string name)
    {
        foreach (var c in name)
        {
            if (!IsBareKeyChar(c))
            {
                return "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
            }
        }

        return name.Length == 0 ? "\"\"" : name;
    }

    private TomlException Error(string reason) => this.Error(reason, this.Here);

    private TomlException Error(string reason, TomlPosition position) => new(reason, this.sourceName, position);

    private TomlException Expected(string what) => this.Error($"expected {what} but found {this.DescribeCurrent()}");

    private string DescribeCurrent()
    {
        if (this.AtEnd)
        {
            return "end of file";
        }

        var c = this.text[this.pos];
        if (c is '\n' || (c == '\r' && this.At(this.pos + 1) == '\n'))
        {
            return "end of line";
        }

        if (char.IsControl(c))
        {
            return $"control character U+{(int)c:X4}";
        }

        if (char.IsHighSurrogate(c) && char.IsLowSurrogate(this.At(this.pos + 1)))
        {
            return $"'{this.text.Substring(this.pos, 2)}' (U+{char.ConvertToUtf32(c, this.text[this.pos + 1]):X4})";
        }

        // Show the code point of anything beyond ASCII: a stray BOM or ideographic space is otherwise invisible.
        return char.IsSurrogate(c) ? $"unpaired surrogate U+{(int)c:X4}" : char.IsAscii(c) ? $"'{c}'" : $"'{c}' (U+{(int)c:X4})";
    }

    private char At(int index) => index < this.text.Length ? this.text[index] : '\0';

    private string FormatKeyPath(int count)
    {
        var path = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            path.Append(i == 0 ? string.Empty : ".").Append(FormatKey(this.keyParts[i].Name));
        }

        return path.ToString();
    }

    private void SkipWhitespace()
    {
        while (this.pos < this.text.Length && this.text[this.pos] is ' ' or '\t')
        {
            this.pos++;
        }
    }

    private void SkipWhitespaceCommentsAndNewlines()
    {
        while (true)
        {
            this.SkipWhitespace();
            switch (this.Current)
            {
                case '#':
                    this.SkipComment();
                    break;
                case '\n' or '\r':
                    this.ReadNewline();
                    break;
                default:
                    return;
            }
        }
    }

    /// <summary>Reads optional whitespace and a comment, then a newline or end of file.</summary>
    private void ReadLineEnd(string expected)
    {
        this.SkipWhitespace();
        if (this.Current == '#')
        {
            this.SkipComment();
        }

        if (this.AtEnd)
        {
            return;
        }

        if (this.Current is not ('\n' or '\r'))
        {
            throw this.Expected(expected);
        }

        this.ReadNewline();
    }

    private void ReadNewline()
    {
        if (this.text[this.pos] == '\r')
        {
            if (this.At(this.pos + 1) != '\n')
            {
                throw this.Error("a carriage return must be followed by a line feed");
            }

            this.pos++;
        }

        this.pos++;
        this.line++;
        this.lineStart = this.pos;
    }

    private void SkipComment()
    {
        this.pos++;
        while (true)
        {
            var offset = this.text.AsSpan(this.pos).IndexOfAny(CommentStops);
            if (offset < 0)
            {
                this.pos = this.text.Length;
                return;
            }

            this.pos += offset;
            var c = this.text[this.pos];
            if (c == '\n' || (c == '\r' && this.At(this.pos + 1) == '\n'))
            {
                return;
            }

            if (char.IsSurrogate(c))
            {
                this.SkipSurrogatePair();
                continue;
            }

            throw this.Error($"control character U+{(int)c:X4} is not allowed in a comment");
        }
    }

    private void SkipSurrogatePair()
    {
        if (!char.IsHighSurrogate(this.text[this.pos]) || !char.IsLowSurrogate(this.At(this.pos + 1)))
        {
            throw this.Error($"unpaired surrogate U+{(int)this.text[this.pos]:X4} is not a Unicode character");
        }

        this.pos += 2;
    }

    private void CheckLevel(int level, TomlPosition position)
    {
        if (level > MaxNestingDepth)
        {
            throw this.Error($"tables and arrays are nested more than {MaxNestingDepth} levels deep", position);
        }
    }

    /// <summary>Reads a possibly dotted key into <see cref="keyParts"/>, and the whitespace after it.</summary>
    /// <param name="baseLevel">The nesting level of the table the key is relative to.</param>
    private void ReadKey(int baseLevel)
    {
        this.keyParts.Clear();
        while (true)
        {
            var start = this.Here;
            string name;
            switch (this.Current)
            {
                case '"' or '\'':
                    var quote = this.text[this.pos];
                    if (this.At(this.pos + 1) == quote && this.At(this.pos + 2) == quote)
                    {
                        throw this.Error("a key cannot be a multi-line string");
                    }

                    name = this.ReadString(quote, multiline: false);
                    break;
                case var c when IsBareKeyChar(c):
                    var bareStart = this.pos;
                    while (this.pos < this.text.Length && IsBareKeyChar(this.text[this.pos]))
                    {
                        this.pos++;
                    }

                    name = this.text.Substring(bareStart, this.pos - bareStart);
                    break;
                default:
                    throw this.Expected(this.keyParts.Count == 0 ? "a key" : "a key after '.'");
            }

            this.keyParts.Add((name, start));
            this.CheckLevel(baseLevel + this.keyParts.Count, start);
            this.SkipWhitespace();
            if (this.Current != '.')
            {
                return;
            }

            this.pos++;
            this.SkipWhitespace();
        }
    }

    private void ReadKeyValue(TomlTable baseTable, int baseLevel)
    {
        this.ReadKey(baseLevel);
        var level = baseLevel + this.keyParts.Count;
        if (this.Current != '=')
        {
            throw this.Expected("'=' or '.' after the key");
        }

        this.pos++;
        this.SkipWhitespace();

        // Resolve before reading the value: the value may be an inline table whose keys reuse keyParts.
        var (table, name, position) = this.ResolveDottedKey(baseTable);
        table.Add(name, this.ReadValue("a value after '='", level), position);
    }

    /// <summary>Walks or creates the tables named by all but the last key part, applying the dotted-key rules.</summary>
    private (TomlTable Table, string Name, TomlPosition Position) ResolveDottedKey(TomlTable baseTable)
    {
        var table = baseTable;
        var last = this.keyParts.Count - 1;
        for (var i = 0; i < last; i++)
        {
            var (name, position) = this.keyParts[i];
            if (!table.TryGetValue(name, out var existing))
            {
                var created = new TomlTable(this.sourceName, position, TomlTableKind.Dotted);
                table.Add(name, created, position);
                table = created;
                continue;
            }

            if (existing is not TomlTable { Kind: TomlTableKind.Dotted or TomlTableKind.Implicit } next)
            {
                throw this.Error(this.DescribeDottedConflict(existing, i + 1), position);
            }

            if (next.Kind == TomlTableKind.Implicit)
            {
                next.ExtendByDottedKey();
            }

            table = next;
        }

        var (lastName, lastPosition) = this.keyParts[last];
        if (table.ContainsKey(lastName))
        {
            throw this.Error($"duplicate key '{this.FormatKeyPath(last + 1)}': it is already defined at {table.GetPosition(lastName)}", lastPosition);
        }

        return (table, lastName, lastPosition);
    }

    private string DescribeDottedConflict(object existing, int count)
    {
        var path = this.FormatKeyPath(count);
        return existing switch
        {
            TomlTable { Kind: TomlTableKind.Inline } => $"cannot add keys to '{path}' with a dotted key: inline tables are complete once closed",
            TomlTable table => $"cannot add keys to table '{path}' with a dotted key: it is defined by the [header] at {table.Position}",
            _ => $"cannot use '{path}' as a table in a dotted key: it is already {DescribeType(existing)}",
        };
    }

    /// <summary>Reads a <c>[table]</c> or <c>[[array]]</c> header and returns the table that later key/value lines fill.</summary>
    /// <param name="level">The nesting level of that table.</param>
    private TomlTable ReadHeader(out int level)
    {
        var headerPosition = this.Here;
        this.pos++;
        var isArray = this.Current == '[';
        if (isArray)
        {
            this.pos++;
        }

        this.SkipWhitespace();
        this.ReadKey(0);
        level = this.keyParts.Count;
        if (this.Current != ']' || (isArray && this.At(this.pos + 1) != ']'))
        {
            throw this.Expected(isArray ? "']]' to close the array-of-tables header" : "'.' or ']' to close the table header");
        }

        this.pos += isArray ? 2 : 1;

        var table = this.root;
        var last = this.keyParts.Count - 1;
        for (var i = 0; i < last; i++)
        {
            var (name, position) = this.keyParts[i];
            if (!table.TryGetValue(name, out var existing))
            {
                var created = new TomlTable(this.sourceName, position, TomlTableKind.Implicit);
                table.Add(name, created, position);
                table = created;
                continue;
            }

            table = existing switch
            {
                TomlTable { Kind: not TomlTableKind.Inline } next => next,
                TomlArray { IsArrayOfTables: true } array => (TomlTable)array[^1],
                TomlTable => throw this.Error($"cannot add to '{this.FormatKeyPath(i + 1)}' with a header: inline tables are complete once closed", position),
                _ => throw this.Error($"cannot use '{this.FormatKeyPath(i + 1)}' as a table: it is already {DescribeType(existing)}", position),
            };
        }

        var (lastName, lastPosition) = this.keyParts[last];
        if (!table.TryGetValue(lastName, out var previous))
        {
            var defined = new TomlTable(this.sourceName, headerPosition, TomlTableKind.Header);
            if (isArray)
            {
                var array = new TomlArray(headerPosition, isArrayOfTables: true);
                array.Add(defined);
                table.Add(lastName, array, lastPosition);
            }
            else
            {
                table.Add(lastName, defined, lastPosition);
            }

            return defined;
        }

        switch (previous)
        {
            case TomlArray { IsArrayOfTables: true } array when isArray:
                var element = new TomlTable(this.sourceName, headerPosition, TomlTableKind.Header);
                array.Add(element);
                return element;
            case TomlTable { Kind: TomlTableKind.Implicit } implicitTable when !isArray:
                implicitTable.DefineByHeader(headerPosition);
                return implicitTable;
            case TomlTable { Kind: TomlTableKind.Header } existing when !isArray:
                throw this.Error($"table '{this.FormatKeyPath(last + 1)}' is already defined at {existing.Position}", headerPosition);
            case TomlTable { Kind: TomlTableKind.Dotted } existing when !isArray:
                throw this.Error($"table '{this.FormatKeyPath(last + 1)}' is already defined by the dotted key at {existing.Position}", headerPosition);
            case TomlTable { Kind: TomlTableKind.Inline }:
                throw this.Error($"'{this.FormatKeyPath(last + 1)}' is already an inline table, which is complete once closed", headerPosition);
            case TomlArray { IsArrayOfTables: true }:
                var path = this.FormatKeyPath(last + 1);
                throw this.Error($"'{path}' is an array of tables; use [[{path}]] to add an element to it", headerPosition);
            default:
                throw this.Error($"cannot define {(isArray ? "array of tables" : "table")} '{this.FormatKeyPath(last + 1)}': the key is already {DescribeType(previous)} defined at {table.GetPosition(lastName)}", headerPosition);
        }
    }

    /// <summary>Reads a value that will sit at nesting <paramref name="level"/>.</summary>
    private object ReadValue(string expected, int level)
    {
        switch (this.Current)
        {
            case '"' or '\'':
                var quote = this.text[this.pos];
                return this.ReadString(quote, multiline: this.At(this.pos + 1) == quote && this.At(this.pos + 2) == quote);
            case 't' when string.CompareOrdinal(this.text, this.pos, "true", 0, 4) == 0:
                this.pos += 4;
                return true;
            case 'f' when string.CompareOrdinal(this.text, this.pos, "false", 0, 5) == 0:
                this.pos += 5;
                return false;
            case '[':
                return this.ReadArray(level);
            case '{':
                return this.ReadInlineTable(level);
            case var c when char.IsAsciiDigit(c) || c is '+' or '-' or 'i' or 'n':
                return this.ReadNumberOrDateTime();
            default:
                throw this.Expected(expected);
        }
    }

    private TomlArray ReadArray(int level)
    {
        var array = new TomlArray(this.Here, isArrayOfTables: false);
        this.CheckLevel(level, array.Position);
        this.pos++;
        while (true)
        {
            this.SkipWhitespaceCommentsAndNewlines();
            if (this.Current == ']')
            {
                break;
            }

            array.Add(this.ReadValue("a value or ']'", level + 1));
            this.SkipWhitespaceCommentsAndNewlines();
            if (this.Current == ']')
            {
                break;
            }

            if (this.Current != ',')
            {
                throw this.Expected("',' or ']' after an array element");
            }

            this.pos++;
        }

        this.pos++;
        return array;
    }

    private TomlTable ReadInlineTable(int level)
    {
        var table = new TomlTable(this.sourceName, this.Here, TomlTableKind.Dotted);
        this.CheckLevel(level, table.Position);
        this.pos++;
        this.SkipWhitespace();
        if (this.Current != '}')
        {
            while (true)
            {
                this.ReadKeyValue(table, level);
                this.SkipWhitespace();
                if (this.Current == '}')
                {
                    break;
                }

                if (this.Current != ',')
                {
                    // TOML 1.0.0 keeps an inline table on one line; say so, since that is the usual mistake.
                    throw this.Expected(this.Current is '\n' or '\r'
                        ? "',' or '}' (an inline table must be on one line)"
                        : "',' or '}' after an inline table value");
                }

                this.pos++;
                this.SkipWhitespace();
                if (this.Current == '}')
                {
                    throw this.Error("expected a key after ',' but found '}' (inline tables do not allow a trailing comma)");
                }
            }
        }

        this.pos++;
        table.CloseInline();
        return table;
    }

    /// <summary>Reads a basic (<c>"</c>) or literal (<c>'</c>) string, single- or multi-line, starting at its opening quote.</summary>
    private string ReadString(char quote, bool multiline)
    {
        var opening = this.Here;
        var isBasic = quote == '"';
        var stops = isBasic ? BasicStringStops : LiteralStringStops;
        this.pos += multiline ? 3 : 1;

        // A newline right after the opening delimiter is not part of a multi-line string.
        if (multiline && this.Current is '\n' or '\r')
        {
            this.ReadNewline();
        }

        this.buffer.Clear();
        var segmentStart = this.pos;
        while (true)
        {
            var offset = this.text.AsSpan(this.pos).IndexOfAny(stops);
            if (offset < 0)
            {
                this.pos = this.text.Length;
                var delimiter = new string(quote, multiline ? 3 : 1);
                throw this.Error($"expected {delimiter} to close the string that starts at {opening} but found end of file");
            }

            this.pos += offset;
            var c = this.text[this.pos];
            if (c == quote)
            {
                var contentEnd = this.pos;
                if (multiline)
                {
                    var run = 1;
                    while (this.At(this.pos + run) == quote)
                    {
                        run++;
                    }

                    if (run < 3)
                    {
                        this.pos += run;
                        continue;
                    }

                    // Up to two quotes may sit right before the closing delimiter as content.
                    contentEnd += Math.Min(run - 3, 2);
                }

                var value = this.buffer.Length == 0
                    ? this.text.Substring(segmentStart, contentEnd - segmentStart)
                    : this.buffer.Append(this.text, segmentStart, contentEnd - segmentStart).ToString();
                this.pos = contentEnd + (multiline ? 3 : 1);
                return value;
            }

            if (c == '\\')
            {
                this.buffer.Append(this.text, segmentStart, this.pos - segmentStart);
                this.ReadEscape(multiline);
                segmentStart = this.pos;
                continue;
            }

            if (c is '\n' or '\r')
            {
                if (!multiline)
                {
                    throw this.Expected($"{quote} to close the string (use {new string(quote, 3)} for a multi-line string)");
                }

                if (c == '\r')
                {
                    // Normalize CRLF to LF so values do not depend on how the file was checked out.
                    this.buffer.Append(this.text, segmentStart, this.pos - segmentStart).Append('\n');
                    this.ReadNewline();
                    segmentStart = this.pos;
                }
                else
                {
                    this.ReadNewline();
                }

                continue;
            }

            if (char.IsSurrogate(c))
            {
                this.SkipSurrogatePair();
                continue;
            }

            throw this.Error(isBasic
                ? $"control character U+{(int)c:X4} is not allowed in a string; write it as an escape such as \\u{(int)c:X4}"
                : $"control character U+{(int)c:X4} is not allowed in a literal string");
        }
    }

    /// <summary>Reads an escape sequence starting at its backslash and appends what it stands for to <see cref="buffer"/>.</summary>
    private void ReadEscape(bool multiline)
    {
        var start = this.Here;
        this.pos++;
        if (multiline)
        {
            // A backslash that ends a line trims that newline and all whitespace and newlines after it.
            var afterBackslash = this.pos;
            this.SkipWhitespace();
            if (this.Current is '\n' or '\r')
            {
                this.SkipWhitespaceAndNewlines();
                return;
            }

            if (this.pos != afterBackslash)
            {
                throw this.Error("only whitespace up to the end of the line may follow a line-ending backslash; write a literal backslash as \\\\", start);
            }
        }

        var c = this.Current;
        if (this.AtEnd)
        {
            throw this.Expected("an escape character after '\\'");
        }

        this.pos++;
        var unescaped = c switch
        {
            'b' => '\b',
            't' => '\t',
            'n' => '\n',
            'f' => '\f',
            'r' => '\r',
            '"' => '"',
            '\\' => '\\',
            _ => '\0',
        };
        if (unescaped != '\0')
        {
            this.buffer.Append(unescaped);
        }
        else if (c is 'u' or 'U')
        {
            this.AppendUnicodeEscape(c == 'u' ? 4 : 8, start);
        }
        else
        {
            this.pos--;
            throw this.Error($"{this.DescribeCurrent()} cannot follow '\\': the escapes are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX and \\UXXXXXXXX", start);
        }
    }

    private void SkipWhitespaceAndNewlines()
    {
        while (true)
        {
            this.SkipWhitespace();
            if (this.Current is not ('\n' or '\r'))
            {
                return;
            }

            this.ReadNewline();
        }
    }

    private void AppendUnicodeEscape(int digits, TomlPosition start)
    {
        var value = 0;
        for (var i = 0; i < digits; i++)
        {
            var c = this.Current;
            if (!char.IsAsciiHexDigit(c))
            {
                throw this.Expected($"{digits} hexadecimal digits after '\\{(digits == 4 ? 'u' : 'U')}'");
            }

            // Eight hex digits can exceed int; anything past 0x10FFFF is rejected below anyway.
            value = Math.Min((value << 4) | HexValue(c), 0x110000);
            this.pos++;
        }

        if (!Rune.TryCreate(value, out var rune))
        {
            throw this.Error($"\\{(digits == 4 ? 'u' : 'U')}{this.text.AsSpan(this.pos - digits, digits)} is not a Unicode scalar value (surrogates and values above 10FFFF are not allowed)", start);
        }

        Span<char> utf16 = stackalloc char[2];
        this.buffer.Append(utf16[..rune.EncodeToUtf16(utf16)]);
    }

    private object ReadNumberOrDateTime()
    {
        var start = this.pos;
        var startPosition = this.Here;
        if (char.IsAsciiDigit(this.Current))
        {
            if (this.AreDigits(start, 4) && this.At(start + 4) == '-')
            {
                return this.ReadDateTime(startPosition);
            }

            if (this.AreDigits(start, 2) && this.At(start + 2) == ':')
            {
                return NewDateTime(TomlDateTimeKind.LocalTime, DateOnly.MinValue, this.ReadTime(), 0);
            }
        }

        var negative = this.Current == '-';
        if (this.Current is '+' or '-')
        {
            this.pos++;
        }

        if (string.CompareOrdinal(this.text, this.pos, "inf", 0, 3) == 0)
        {
            this.pos += 3;
            return negative ? double.NegativeInfinity : double.PositiveInfinity;
        }

        if (string.CompareOrdinal(this.text, this.pos, "nan", 0, 3) == 0)
        {
            this.pos += 3;
            return double.NaN;
        }

        if (this.Current == '0' && this.At(this.pos + 1) is 'x' or 'o' or 'b')
        {
            if (this.pos != start)
            {
                throw this.Error("hexadecimal, octal and binary integers cannot have a sign", startPosition);
            }

            var radix = this.At(this.pos + 1) switch { 'x' => 16, 'o' => 8, _ => 2 };
            this.pos += 2;
            var digitsStart = this.pos;
            this.ReadDigits(radix, $"{RadixDigitName(radix)} after '{this.text.AsSpan(start, 2)}'");
            return this.ToInteger(digitsStart, radix, negative: false, startPosition);
        }

        var integerStart = this.pos;
        this.ReadDigits(10, this.pos == start ? "a value" : $"a digit after '{this.text[start]}'");
        if (this.text[integerStart] == '0' && this.pos - integerStart > 1)
        {
            throw this.Error("leading zeros are not allowed in a decimal number", startPosition);
        }

        var isFloat = false;
        if (this.Current == '.')
        {
            this.pos++;
            this.ReadDigits(10, "a digit after the decimal point");
            isFloat = true;
        }

        if (this.Current is 'e' or 'E')
        {
            this.pos++;
            if (this.Current is '+' or '-')
            {
                this.pos++;
            }

            this.ReadDigits(10, "a digit in the exponent");
            isFloat = true;
        }

        // Not a conditional expression: that would convert the long to double.
        if (isFloat)
        {
            return this.ToFloat(start, startPosition);
        }

        return this.ToInteger(integerStart, 10, negative, startPosition);
    }

    /// <summary>Reads one or more digits of <paramref name="radix"/>, where each '_' must sit between two digits.</summary>
    private void ReadDigits(int radix, string expected)
    {
        if (!IsDigit(this.Current, radix))
        {
            throw this.Expected(expected);
        }

        this.pos++;
        while (true)
        {
            if (IsDigit(this.Current, radix))
            {
                this.pos++;
            }
            else if (this.Current == '_')
            {
                this.pos++;
                if (!IsDigit(this.Current, radix))
                {
                    throw this.Expected("a digit after '_' (an underscore must sit between digits)");
                }
            }
            else
            {
                return;
            }
        }
    }

    private long ToInteger(int digitsStart, int radix, bool negative, TomlPosition startPosition)
    {
        ulong magnitude = 0;
        var limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        foreach (var c in this.text.AsSpan(digitsStart, this.pos - digitsStart))
        {
            if (c == '_')
            {
                continue;
            }

            var digit = (ulong)HexValue(c);
            if (magnitude > (limit - digit) / (ulong)radix)
            {
                throw this.Error("integer does not fit in 64 bits (-9223372036854775808 to 9223372036854775807)", startPosition);
            }

            magnitude = (magnitude * (ulong)radix) + digit;
        }

        return negative ? unchecked((long)(0 - magnitude)) : (long)magnitude;
    }

    private double ToFloat(int start, TomlPosition startPosition)
    {
        var token = this.text.AsSpan(start, this.pos - start);
        Span<char> digits = token.Length <= 128 ? stackalloc char[token.Length] : new char[token.Length];
        var length = 0;
        foreach (var c in token)
        {
            if (c != '_')
            {
                digits[length++] = c;
            }
        }

        // The syntax is already checked, so parsing only fails by overflowing to infinity.
        var value = double.Parse(digits[..length], NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(value))
        {
            throw this.Error("float is too large for 64 bits; write inf for infinity", startPosition);
        }

        return value;
    }

    private bool AreDigits(int index, int count)
    {
        for (var i = index; i < index + count; i++)
        {
            if (!char.IsAsciiDigit(this.At(i)))
            {
                return false;
            }
        }

        return true;
    }

    private int ReadFixedDigits(int count, string expected)
    {
        if (!this.AreDigits(this.pos, count))
        {
            throw this.Expected(expected);
        }

        var value = 0;
        for (var i = 0; i < count; i++)
        {
            value = (value * 10) + (this.text[this.pos++] - '0');
        }

        return value;
    }

    private void ReadSeparator(char separator, string expected)
    {
        if (this.Current != separator)
        {
            throw this.Expected(expected);
        }

        this.pos++;
    }

    private TomlDateTime ReadDateTime(TomlPosition startPosition)
    {
        var year = this.ReadFixedDigits(4, "a 4-digit year");
        this.ReadSeparator('-', "'-' after the year (YYYY-MM-DD)");
        var month = this.ReadFixedDigits(2, "a 2-digit month (YYYY-MM-DD)");
        this.ReadSeparator('-', "'-' after the month (YYYY-MM-DD)");
        var day = this.ReadFixedDigits(2, "a 2-digit day (YYYY-MM-DD)");
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            throw this.Error($"{this.text.AsSpan(this.pos - 10, 10)} is not a calendar date between 0001-01-01 and 9999-12-31", startPosition);
        }

        var date = new DateOnly(year, month, day);

        // RFC 3339 lets a space stand for 'T'; only treat it so when a time follows, else the date stands alone.
        var hasTime = this.Current is 'T' or 't'
            || (this.Current == ' ' && this.AreDigits(this.pos + 1, 2) && this.At(this.pos + 3) == ':');
        if (!hasTime)
        {
            return NewDateTime(TomlDateTimeKind.LocalDate, date, default, 0);
        }

        this.pos++;
        var time = this.ReadTime();
        if (this.Current is 'Z' or 'z')
        {
            this.pos++;
            return NewDateTime(TomlDateTimeKind.OffsetDateTime, date, time, 0);
        }

        if (this.Current is not ('+' or '-'))
        {
            return NewDateTime(TomlDateTimeKind.LocalDateTime, date, time, 0);
        }

        var offsetPosition = this.Here;
        var sign = this.text[this.pos++] == '-' ? -1 : 1;
        var offsetHour = this.ReadFixedDigits(2, "a 2-digit offset hour (+HH:MM)");
        this.ReadSeparator(':', "':' in the offset (+HH:MM)");
        var offsetMinute = this.ReadFixedDigits(2, "a 2-digit offset minute (+HH:MM)");
        if (offsetHour > 23 || offsetMinute > 59)
        {
            throw this.Error($"{this.text.AsSpan(this.pos - 6, 6)} is not a valid offset (hours 00-23, minutes 00-59)", offsetPosition);
        }

        return NewDateTime(TomlDateTimeKind.OffsetDateTime, date, time, sign * ((offsetHour * 60) + offsetMinute));
    }

    private (int Hour, int Minute, int Second, int Nanosecond, int FractionDigits) ReadTime()
    {
        var startPosition = this.Here;
        var hour = this.ReadFixedDigits(2, "a 2-digit hour (HH:MM:SS)");
        this.ReadSeparator(':', "':' after the hour (HH:MM:SS)");
        var minute = this.ReadFixedDigits(2, "a 2-digit minute (HH:MM:SS)");
        this.ReadSeparator(':', "':' after the minute (TOML 1.0.0 requires seconds, HH:MM:SS)");
        var second = this.ReadFixedDigits(2, "2-digit seconds (HH:MM:SS)");
        if (hour > 23 || minute > 59 || second > 59)
        {
            throw this.Error($"{this.text.AsSpan(this.pos - 8, 8)} is not a valid time (00:00:00 to 23:59:59)", startPosition);
        }

        var nanosecond = 0;
        var fractionDigits = 0;
        if (this.Current != '.')
        {
            return (hour, minute, second, nanosecond, fractionDigits);
        }

        this.pos++;
        if (!char.IsAsciiDigit(this.Current))
        {
            throw this.Expected("a digit after the decimal point in the seconds");
        }

        // Digits beyond nanoseconds are truncated, as TOML 1.0.0 allows.
        for (; char.IsAsciiDigit(this.Current); this.pos++)
        {
            if (fractionDigits < 9)
            {
                nanosecond = (nanosecond * 10) + (this.text[this.pos] - '0');
                fractionDigits++;
            }
        }

        for (var i = fractionDigits; i < 9; i++)
        {
            nanosecond *= 10;
        }

        return (hour, minute, second, nanosecond, fractionDigits);
    }
}
