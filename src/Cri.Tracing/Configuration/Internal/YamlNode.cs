using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Cri.Tracing.Configuration.Internal;

/// <summary>
/// A YAML (or JSON) node typed as Kubernetes types it: sigs.k8s.io/yaml converts YAML to JSON with YAML 1.1 scalar
/// rules before decoding. A mapping keeps every entry, duplicates included, so strict decoding can report them.
/// </summary>
internal sealed partial class YamlNode
{
    private const string StringTag = "tag:yaml.org,2002:str";

    private static readonly HashSet<string> NullWords = new(StringComparer.Ordinal) { string.Empty, "~", "null", "Null", "NULL" };

    private static readonly HashSet<string> BoolWords = new(StringComparer.Ordinal)
    {
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
        "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
    };

    private YamlNode(YamlNodeKind kind, int line, string text, IReadOnlyList<KeyValuePair<YamlNode, YamlNode>> entries)
    {
        this.Kind = kind;
        this.Line = line;
        this.Text = text;
        this.Entries = entries;
    }

    public YamlNodeKind Kind { get; }

    /// <summary>Gets the 1-based line the node starts on.</summary>
    public int Line { get; }

    /// <summary>Gets a scalar's text; empty for collections.</summary>
    public string Text { get; }

    /// <summary>Gets a mapping's entries in document order, duplicates included; empty for other nodes.</summary>
    public IReadOnlyList<KeyValuePair<YamlNode, YamlNode>> Entries { get; }

    /// <summary>Reads the first document of a YAML or JSON text, or returns <see langword="null"/> for an empty one.</summary>
    /// <exception cref="YamlException">The text is not YAML.</exception>
    public static YamlNode? ReadDocument(string text)
    {
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        if (parser.Accept<StreamEnd>(out _))
        {
            return null;
        }

        parser.Consume<DocumentStart>();
        return Read(parser, new Dictionary<string, YamlNode>(StringComparer.Ordinal));
    }

    private static YamlNode Read(IParser parser, Dictionary<string, YamlNode> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw new YamlException(alias.Start, alias.End, $"unknown anchor '{alias.Value.Value}' referenced");
        }

        var start = parser.Current as NodeEvent ?? throw new YamlException(parser.Current!.Start, parser.Current.End, "expected a node");
        YamlNode node;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            var isString = scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == StringTag);
            node = new YamlNode(isString ? YamlNodeKind.String : Resolve(scalar.Value), (int)scalar.Start.Line, scalar.Value, []);
        }
        else if (parser.TryConsume<SequenceStart>(out _))
        {
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                Read(parser, anchors);
            }

            node = new YamlNode(YamlNodeKind.Array, (int)start.Start.Line, string.Empty, []);
        }
        else
        {
            parser.Consume<MappingStart>();
            var entries = new List<KeyValuePair<YamlNode, YamlNode>>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = Read(parser, anchors);
                entries.Add(new KeyValuePair<YamlNode, YamlNode>(key, Read(parser, anchors)));
            }

            node = new YamlNode(YamlNodeKind.Object, (int)start.Start.Line, string.Empty, entries);
        }

        if (!start.Anchor.IsEmpty)
        {
            anchors[start.Anchor.Value] = node;
        }

        return node;
    }

    private static YamlNodeKind Resolve(string plain)
    {
        if (NullWords.Contains(plain))
        {
            return YamlNodeKind.Null;
        }

        if (BoolWords.Contains(plain))
        {
            return YamlNodeKind.Bool;
        }

        // go-yaml v2 tries Go integer syntax with the underscores removed, then a YAML float.
        return GoSyntax.TryParseInt64(plain.Replace("_", string.Empty, StringComparison.Ordinal), out _) || FloatPattern().IsMatch(plain)
            ? YamlNodeKind.Number
            : YamlNodeKind.String;
    }

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
