using System.Globalization;
using System.Text;
using Cri.Tracing.Configuration.Internal.Toml;
using FsCheck;
using FsCheck.Fluent;

namespace Cri.Tracing.Tests.Configuration.Toml;

/// <summary>
/// Properties over generated input: whatever the text, the parser returns a table or throws
/// <see cref="TomlException"/>; and documents written from generated values read back the same values.
/// </summary>
public sealed class TomlParserPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(3_000).WithQuietOnSuccess(true);

    // Pieces of TOML syntax, so that random text gets past the first character and into the deeper rules.
    private static readonly string[] Fragments =
    [
        "a", "b.c", "\"k\"", "'k'", " = ", "=", ".", ",", "[", "]", "[[", "]]", "{", "}", "\n", "\r\n", "\r", " ", "\t",
        "#", "# c\n", "\"", "'", "\"\"\"", "'''", "\\", "\\u00E9", "\\U0001F600", "\\n", "\\x", "1", "-1", "+0", "0x1F",
        "0o7", "0b1", "1_000", "_", "3.14", "1e5", "E-2", "inf", "-nan", "true", "false", "1979-05-27", "T07:32:00",
        " 07:32:00", ".5", "Z", "+07:00", "\u00e9", "\U0001F600", "\0", "\u007F", "\uFEFF",
    ];

    private static readonly string SampleDocument = """"
        # A document touching every construct, as a seed for mutation.
        title = "TOML \"sample\"\t\u00e9"
        literal = 'C:\Users'
        multi = """
          one \
          two"""
        raw = '''
        line'''
        [owner]
        name.first = "Tom"
        dob = 1979-05-27T07:32:00-08:00
        [database]
        ports = [ 8000, 8001, 8002, ] # trailing comma
        data = [ ["gamma", "delta"], [1, 2.5e-3, inf, nan, true] ]
        temp = { cpu = 79.5, case = 72.0, when = 07:32:00.999, day = 2020-01-01 }
        [[products]]
        sku = 0xDEAD_BEEF
        [[products]]
        mask = 0o755
        flags = 0b1010
        "quoted key" = -9_223_372_036_854_775_808
        """";

    [Fact]
    public void Random_text_only_ever_fails_with_TomlException()
    {
        var fragmentText = Gen.Elements(Fragments).ListOf().Select(string.Concat);
        var anyText = ArbMap.Default.GeneratorFor<string>().Select(text => text ?? string.Empty);

        Check.One(Runs, Prop.ForAll(Arb.From(Gen.OneOf(fragmentText, anyText)), text => ParsesOrIsRejected(() => TomlParser.Parse(text))));
    }

    [Fact]
    public void Random_bytes_only_ever_fail_with_TomlException()
    {
        var bytes = ArbMap.Default.GeneratorFor<byte[]>();

        Check.One(Runs, Prop.ForAll(Arb.From(bytes), data => ParsesOrIsRejected(() => TomlParser.Parse(data))));
    }

    [Fact]
    public void Mutated_valid_documents_only_ever_fail_with_TomlException()
    {
        var seeds = ValidDocuments();
        Assert.All(seeds, seed => TomlParser.Parse(seed));

        var mutation = from kind in Gen.Choose(0, 3)
                       from at in Gen.Choose(0, int.MaxValue)
                       from length in Gen.Choose(1, 20)
                       from fragment in Gen.Elements(Fragments)
                       select (Kind: kind, At: at, Length: length, Fragment: fragment);
        var mutated = from seed in Gen.Elements(seeds)
                      from mutations in Gen.NonEmptyListOf(mutation)
                      select mutations.Aggregate(seed, Mutate);

        Check.One(Runs, Prop.ForAll(Arb.From(mutated), text => ParsesOrIsRejected(() => TomlParser.Parse(text))));
    }

    [Fact]
    public void Documents_written_from_generated_values_read_back_the_same_values()
    {
        var scalar = Gen.OneOf(
            ValidUnicodeString().Select(text => (object)text),
            ArbMap.Default.GeneratorFor<long>().Select(number => (object)number),
            ArbMap.Default.GeneratorFor<double>().Select(number => (object)number),
            ArbMap.Default.GeneratorFor<bool>().Select(flag => (object)flag));
        var entries = Gen.Zip(ValidUnicodeString(), scalar).ListOf()
            .Select(pairs => pairs.DistinctBy(pair => pair.Item1, StringComparer.Ordinal).ToList());

        Check.One(Runs, Prop.ForAll(Arb.From(entries), pairs =>
        {
            var document = new StringBuilder();
            foreach (var (key, value) in pairs)
            {
                document.Append(Quote(key)).Append(" = ").Append(Write(value)).Append('\n');
            }

            // The same values again, as one multi-line array with comments and a trailing comma.
            document.Append("[section]\nall = [ # every value\n");
            foreach (var (_, value) in pairs)
            {
                document.Append("  ").Append(Write(value)).Append(",\r\n");
            }

            document.Append(']');

            var table = TomlParser.Parse(document.ToString());
            var all = Assert.IsType<TomlArray>(Assert.IsType<TomlTable>(table["section"])["all"]);
            return table.Count == pairs.Count + 1
                && pairs.Select((pair, index) => SameValue(pair.Item2, table[pair.Item1]) && SameValue(pair.Item2, all[index])).All(same => same);
        }));
    }

    private static bool ParsesOrIsRejected(Func<TomlTable> parse)
    {
        try
        {
            // Encoding walks the whole result, so a malformed tree would show here too.
            TomlTaggedJson.Encode(parse());
        }
        catch (TomlException)
        {
        }

        return true;
    }

    private static string Mutate(string text, (int Kind, int At, int Length, string Fragment) mutation)
    {
        var at = mutation.At % (text.Length + 1);
        var length = Math.Min(mutation.Length, text.Length - at);
        return mutation.Kind switch
        {
            0 => text.Remove(at, length),
            1 => text.Insert(at, mutation.Fragment),
            2 => text.Insert(at, text.Substring(at, length)),
            _ => text[..at],
        };
    }

    private static string[] ValidDocuments()
    {
        var documents = new List<string> { SampleDocument };
        if (TomlTestSuite.Root is not null)
        {
            documents.AddRange(Directory.EnumerateFiles(Path.Combine(TomlTestSuite.Root, "valid"), "*.toml", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .Select(File.ReadAllText));
        }

        return [.. documents];
    }

    // Without U+FFFD, which Tomlyn 2.11.1 rejects (TomlParserTests pins the error it gets).
    private static Gen<string> ValidUnicodeString()
        => Gen.Choose(0, 0x10FFFF)
            .Where(codePoint => codePoint is (< 0xD800 or > 0xDFFF) and not 0xFFFD)
            .Select(char.ConvertFromUtf32)
            .ListOf()
            .Select(string.Concat);

    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var rune in text.EnumerateRunes())
        {
            quoted.Append(rune.Value switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < 0x20 or 0x7F => $"\\u{rune.Value:X4}",
                _ => rune.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    private static string Write(object value) => value switch
    {
        string text => Quote(text),
        long number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        double number when double.IsNaN(number) => "nan",
        double number => number.ToString("R", CultureInfo.InvariantCulture) is var text && text.IndexOfAny(['.', 'E']) < 0 ? text + ".0" : text,
        _ => throw new ArgumentException($"unexpected {value.GetType()}", nameof(value)),
    };

    private static bool SameValue(object expected, object actual)
        => expected is double number && actual is double read
            ? number.Equals(read)
            : expected.Equals(actual);
}
