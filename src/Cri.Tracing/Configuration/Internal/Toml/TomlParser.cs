using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Cri.Tracing.Configuration.Internal.Toml;

/// <summary>
/// Parses TOML documents with Tomlyn's strict syntax parser and validator (TOML 1.1, a superset of 1.0.0) into
/// <see cref="TomlTable"/>s that remember where each key was defined. Any malformed input ends in a
/// <see cref="TomlException"/> that names the line and column; no other exception escapes.
/// </summary>
internal sealed partial class TomlParser
{
    /// <summary>
    /// How deep tables and arrays may nest, counting each key part, array and inline table below the root;
    /// real configuration stays far below this, and walking the result recursively stays safe.
    /// </summary>
    public const int MaxNestingDepth = 128;

    // Tomlyn counts only arrays and inline tables, so its own limit never fires before ours on valid nesting.
    private static readonly TomlSerializerOptions ParserOptions = new() { MaxDepth = MaxNestingDepth + 1 };

    private readonly string? sourceName;

    private TomlParser(string? sourceName) => this.sourceName = sourceName;

    /// <summary>Parses a document held as text. A leading byte order mark is skipped.</summary>
    /// <param name="text">The document.</param>
    /// <param name="sourceName">A file path or other name to put in error messages, or <see langword="null"/>.</param>
    /// <returns>The root table.</returns>
    public static TomlTable Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        DocumentSyntax document;
        try
        {
            document = SyntaxParser.ParseStrict(text, ParserOptions, sourceName);
        }
        catch (Tomlyn.TomlException exception)
        {
            throw Translate(exception, text, sourceName);
        }
        catch (ArgumentOutOfRangeException)
        {
            // Tomlyn 2.11.1 throws this while wording its error for an escape cut short by the end of the file.
            throw new TomlException("unexpected end of file in an escape sequence", sourceName, EndOf(text));
        }

        return new TomlParser(sourceName).Build(document);
    }

    /// <summary>Parses a document held as UTF-8 bytes, as read from a file. A leading byte order mark is skipped.</summary>
    /// <param name="utf8">The document.</param>
    /// <param name="sourceName">A file path or other name to put in error messages, or <see langword="null"/>.</param>
    /// <returns>The root table.</returns>
    public static TomlTable Parse(ReadOnlySpan<byte> utf8, string? sourceName = null)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new TomlException("the document is not valid UTF-8", sourceName, PositionOfFirstInvalidByte(utf8));
        }

        return Parse(Encoding.UTF8.GetString(utf8), sourceName);
    }

    // Tomlyn's redefinition errors quote the whole earlier definition, which can be a long table; keep its position only.
    [GeneratedRegex(@"^The key `(?<key>.*)` is already defined at \((?<line>\d+),(?<column>\d+)\) with `.*` and cannot be redefined$", RegexOptions.Singleline)]
    private static partial Regex RedefinitionMessage();

    private static TomlException Translate(Tomlyn.TomlException exception, string text, string? sourceName)
    {
        var error = exception.Diagnostics?.FirstOrDefault(message => message.Kind == DiagnosticMessageKind.Error);
        if (error is null)
        {
            // Only Tomlyn's depth limit fails without a diagnostic, and without a position.
            return new TomlException($"tables and arrays are nested more than {MaxNestingDepth} levels deep", sourceName, FindTooDeep(text));
        }

        var redefinition = RedefinitionMessage().Match(error.Message);
        var reason = redefinition.Success
            ? $"The key `{redefinition.Groups["key"].Value}` is already defined at {redefinition.Groups["line"].Value}:{redefinition.Groups["column"].Value} and cannot be redefined"
            : error.Message;

        // Tomlyn 2.11.1 takes a literal U+FFFD for a decoding failure of its own ("Invalid UTF-16 surrogate
        // sequence"), though the text is valid: say what it met, and what it does read.
        if (error.Message.StartsWith("Invalid UTF-16 surrogate", StringComparison.Ordinal) && text.Contains('\uFFFD', StringComparison.Ordinal))
        {
            reason = "the replacement character U+FFFD cannot be read here (Tomlyn 2.11.1 takes it for a decoding error); in a basic string write it as \\uFFFD";
        }

        return new TomlException(reason, sourceName, PositionOf(error.Span.Start));
    }

    private static TomlPosition PositionOf(TextPosition position) => new(position.Line + 1, position.Column + 1);

    private static TomlPosition PositionOf(SyntaxNode node) => PositionOf(node.Span.Start);

    // Error path only: the first bracket or brace past the limit, from Tomlyn's own tokens so strings and comments are skipped.
    private static TomlPosition FindTooDeep(string text)
    {
        var lexer = TomlLexer.Create(text);
        var depth = 0;
        while (lexer.MoveNext())
        {
            var token = lexer.Current;
            depth += token.Kind switch
            {
                TokenKind.OpenBracket or TokenKind.OpenBrace => 1,
                TokenKind.OpenBracketDouble => 2,
                TokenKind.CloseBracket or TokenKind.CloseBrace => -1,
                TokenKind.CloseBracketDouble => -2,
                _ => 0,
            };
            if (depth > MaxNestingDepth)
            {
                return new TomlPosition(token.Start.Line + 1, token.Start.Column + 1);
            }
        }

        return EndOf(text);
    }

    // Error path only. Columns count characters (Unicode scalar values), as Tomlyn's do.
    private static TomlPosition EndOf(string text)
    {
        var lastLine = text[(text.LastIndexOf('\n') + 1)..];
        return new TomlPosition(text.Count(c => c == '\n') + 1, lastLine.EnumerateRunes().Count() + 1);
    }

    // Error path only. Columns count characters (Unicode scalar values), as Tomlyn's do.
    private static TomlPosition PositionOfFirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        var line = 1;
        var column = 1;
        while (Rune.DecodeFromUtf8(utf8, out var rune, out var length) == System.Buffers.OperationStatus.Done)
        {
            (line, column) = rune.Value == '\n' ? (line + 1, 1) : (line, column + 1);
            utf8 = utf8[length..];
        }

        return new TomlPosition(line, column);
    }

    private TomlException Error(string reason, SyntaxNode node) => new(reason, this.sourceName, PositionOf(node));

    private TomlTable Build(DocumentSyntax document)
    {
        var root = new TomlTable();
        this.AddKeyValues(root, 0, document.KeyValues);
        foreach (var header in document.Tables)
        {
            var (parent, name, position, level) = this.WalkKey(root, 0, header.Name!);
            TomlTable table;
            if (header is TableArraySyntax)
            {
                if (!parent.TryGetValue(name, out var array))
                {
                    array = new TomlArray();
                    this.Add(parent, name, array, position);
                }

                table = new TomlTable();
                (array as TomlArray ?? throw this.Redefined(parent, name, position)).Add(table);
            }
            else
            {
                table = this.ChildTable(parent, name, position);
            }

            this.AddKeyValues(table, level, header.Items);
        }

        return root;
    }

    private void AddKeyValues(TomlTable table, int level, IEnumerable<KeyValueSyntax> keyValues)
    {
        foreach (var keyValue in keyValues)
        {
            var (parent, name, position, valueLevel) = this.WalkKey(table, level, keyValue.Key!);
            this.Add(parent, name, this.ReadValue(keyValue.Value!, valueLevel), position);
        }
    }

    /// <summary>Walks or creates the tables named by all but the last part of a key; Tomlyn's validator has already applied the redefinition rules.</summary>
    private (TomlTable Parent, string Name, TomlPosition Position, int Level) WalkKey(TomlTable table, int level, KeySyntax key)
    {
        var part = key.Key!;
        foreach (var dotted in key.DotKeys)
        {
            this.CheckLevel(++level, part);
            table = this.ChildTable(table, Name(part), PositionOf(part));
            part = dotted.Key!;
        }

        this.CheckLevel(++level, part);
        return (table, Name(part), PositionOf(part), level);
    }

    private void CheckLevel(int level, SyntaxNode node)
    {
        if (level > MaxNestingDepth)
        {
            throw this.Error($"tables and arrays are nested more than {MaxNestingDepth} levels deep", node);
        }
    }

    /// <summary>Gets the table under <paramref name="name"/>, the last table of an array of tables there, or a new table.</summary>
    private TomlTable ChildTable(TomlTable parent, string name, TomlPosition position)
    {
        if (!parent.TryGetValue(name, out var existing))
        {
            var created = new TomlTable();
            this.Add(parent, name, created, position);
            return created;
        }

        return existing as TomlTable
            ?? (existing as TomlArray)?[^1] as TomlTable
            ?? throw this.Redefined(parent, name, position);
    }

    private void Add(TomlTable table, string name, object value, TomlPosition position)
    {
        if (!table.TryAdd(name, value, position))
        {
            throw this.Redefined(table, name, position);
        }
    }

    // Tomlyn's validator has rejected every redefinition already; this keeps any gap in it a TomlException.
    private TomlException Redefined(TomlTable table, string name, TomlPosition position)
        => new($"The key `{name}` is already defined at {table.GetPosition(name)} and cannot be redefined", this.sourceName, position);

    /// <summary>Reads a value whose key sits at nesting <paramref name="level"/>.</summary>
    private object ReadValue(ValueSyntax value, int level)
    {
        switch (value)
        {
            case ArraySyntax array:
                this.CheckLevel(level, array);
                var items = new TomlArray();
                foreach (var item in array.Items)
                {
                    items.Add(this.ReadValue(item.Value!, level + 1));
                }

                return items;
            case InlineTableSyntax inline:
                this.CheckLevel(level, inline);
                var table = new TomlTable();
                this.AddKeyValues(table, level, inline.Items.Select(item => item.KeyValue!));
                return table;
            case IntegerValueSyntax integer:
                // Tomlyn wraps hexadecimal and binary literals of 2^63 and above to negative numbers; TOML forbids them.
                return integer.Value < 0 && integer.Token!.TokenKind is TokenKind.IntegerHexa or TokenKind.IntegerBinary
                    ? throw this.Error("integer does not fit in 64 bits (-9223372036854775808 to 9223372036854775807)", integer)
                    : integer.Value;
            case FloatValueSyntax number:
                // Tomlyn turns a finite literal beyond binary64 into infinity; Go's decoders, and so CRI-O and containerd, reject it.
                return double.IsInfinity(number.Value) && number.Token!.TokenKind == TokenKind.Float
                    ? throw this.Error("float is too large for 64 bits; write inf for infinity", number)
                    : number.Value;
            case StringValueSyntax text:
                return text.Value!;
            case BooleanValueSyntax boolean:
                return boolean.Value;
            case DateTimeValueSyntax dateTime:
                return dateTime.Value;
            default:
                throw this.Error($"unsupported value {value.Kind}", value);
        }
    }

    private static string Name(BareKeyOrStringValueSyntax part)
        => part is StringValueSyntax quoted ? quoted.Value! : ((BareKeySyntax)part).Key!.Text!;
}
