using System.Globalization;
using YamlDotNet.Core;

namespace Cri.Tracing.Configuration.Internal;

/// <summary>
/// A Kubernetes tracing file, YAML or JSON: an apiserver <c>TracingConfiguration</c>
/// (<c>apiserver.config.k8s.io/v1</c>, <c>v1beta1</c>, <c>v1alpha1</c>), decoded strictly as the apiserver decodes
/// it, or the <c>tracing</c> block of a <c>KubeletConfiguration</c> (<c>kubelet.config.k8s.io/v1beta1</c>), decoded
/// leniently as the kubelet falls back to. Either turns tracing on, with Kubernetes' defaults for the fields it omits.
/// </summary>
internal sealed class KubernetesTracingConfigurationProvider(string path) : CriTracingConfigurationProvider
{
    public const string DefaultEndpoint = "localhost:4317";

    private const string DecodeError = "unable to decode tracing configuration data";
    private const string ApiserverGroup = "apiserver.config.k8s.io/";
    private const string KubeletVersion = "kubelet.config.k8s.io/v1beta1";

    private static readonly string[] ApiserverVersions = ["v1", "v1beta1", "v1alpha1"];
    private static readonly string[] TracingFields = ["endpoint", "samplingRatePerMillion"];

    protected override void Read()
    {
        if (!File.Exists(path))
        {
            throw MissingFile(path);
        }

        var text = File.ReadAllText(path);
        YamlNode? root;
        try
        {
            root = YamlNode.ReadDocument(text);
        }
        catch (YamlException exception)
        {
            throw new InvalidDataException($"{path}:{exception.Start.Line}:{exception.Start.Column}: {DecodeError}: yaml: {exception.Message}", exception);
        }

        if (root is not { Kind: YamlNodeKind.Object })
        {
            throw this.Error("Object 'Kind' is missing");
        }

        // Kubernetes reads a document that starts with '{' as JSON, anything else as YAML; they report duplicates differently.
        var isJson = text.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal);
        var strictErrors = DuplicateErrors(root, isJson);
        var apiVersion = this.DecodeString(Field(root, "apiVersion")?.Value, ".apiVersion");
        var kind = this.DecodeString(Field(root, "kind")?.Value, ".kind");
        if (string.IsNullOrEmpty(kind))
        {
            throw this.Error("Object 'Kind' is missing");
        }

        if (string.IsNullOrEmpty(apiVersion))
        {
            throw this.Error("Object 'apiVersion' is missing");
        }

        if (kind == "TracingConfiguration" && apiVersion.StartsWith(ApiserverGroup, StringComparison.Ordinal) && ApiserverVersions.Contains(apiVersion[ApiserverGroup.Length..]))
        {
            strictErrors.AddRange(UnknownFields(root, string.Empty, ["apiVersion", "kind", .. TracingFields]));
            if (strictErrors.Count > 0)
            {
                throw this.Error($"strict decoding error: {string.Join(", ", strictErrors)}");
            }

            this.Set(CriTracingKeys.Enabled, CriTracingKeys.Format(true), path);
            this.ReadTracing(root, "TracingConfiguration");
        }
        else if (kind == "KubeletConfiguration" && apiVersion == KubeletVersion)
        {
            if (Field(root, "tracing") is not ({ } tracingKey, { Kind: not YamlNodeKind.Null } tracing))
            {
                this.Warn($"{path}: the KubeletConfiguration has no tracing block, so it does not turn tracing on.");
                return;
            }

            if (tracing.Kind != YamlNodeKind.Object)
            {
                throw this.Error($"json: cannot unmarshal {JsonType(tracing)} into Go struct field KubeletConfiguration.tracing of type v1.TracingConfiguration");
            }

            strictErrors.AddRange(UnknownFields(tracing, "tracing.", TracingFields));
            if (strictErrors.Count > 0)
            {
                this.Warn($"{path}: strict decoding error: {string.Join(", ", strictErrors)} (ignored: the kubelet falls back to lenient decoding)");
            }

            this.Set(CriTracingKeys.Enabled, CriTracingKeys.Format(true), this.SourceOf(tracingKey));
            this.ReadTracing(tracing, "KubeletConfiguration.tracing");
        }
        else
        {
            throw this.Error($"no kind {GoSyntax.Quote(kind)} is registered for version {GoSyntax.Quote(apiVersion)}");
        }
    }

    private static KeyValuePair<YamlNode, YamlNode>? Field(YamlNode mapping, string name)
        => mapping.Entries.LastOrDefault(entry => entry.Key.Text == name) is { Key: not null } entry ? entry : null;

    private static string JsonType(YamlNode node) => node.Kind.ToString().ToLowerInvariant();

    private static List<string> DuplicateErrors(YamlNode root, bool isJson)
    {
        var duplicates = new List<(string Path, YamlNode Key)>();
        FindDuplicates(root, string.Empty, duplicates);
        if (duplicates.Count == 0)
        {
            return [];
        }

        // JSON goes through the strict JSON decoder; YAML through go-yaml's strict conversion to JSON first.
        return isJson
            ? duplicates.Select(duplicate => $"duplicate field {GoSyntax.Quote(duplicate.Path)}").ToList()
            : [$"error converting YAML to JSON: yaml: unmarshal errors:{string.Concat(duplicates.Select(duplicate => string.Create(CultureInfo.InvariantCulture, $"\n  line {duplicate.Key.Line}: key {GoSyntax.Quote(duplicate.Key.Text)} already set in map")))}"];
    }

    private static void FindDuplicates(YamlNode node, string prefix, List<(string Path, YamlNode Key)> duplicates)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Entries)
        {
            if (!seen.Add(key.Text))
            {
                duplicates.Add((prefix + key.Text, key));
            }

            FindDuplicates(value, $"{prefix}{key.Text}.", duplicates);
        }
    }

    private static IEnumerable<string> UnknownFields(YamlNode mapping, string prefix, string[] known)
        => mapping.Entries.Select(entry => entry.Key.Text).Distinct().Where(name => !known.Contains(name)).Select(name => $"unknown field {GoSyntax.Quote(prefix + name)}");

    private void ReadTracing(YamlNode tracing, string goStruct)
    {
        var endpointNode = Field(tracing, "endpoint")?.Value;
        var rateNode = Field(tracing, "samplingRatePerMillion")?.Value;
        var endpoint = this.DecodeString(endpointNode, $"{goStruct}.endpoint");
        var rate = this.DecodeInt32(rateNode, $"{goStruct}.samplingRatePerMillion");

        var errors = KubernetesTracingValidation.Validate(rate, endpoint);
        if (errors.Count > 0)
        {
            throw new InvalidDataException($"{path}: {KubernetesTracingValidation.Aggregate(errors)}");
        }

        var defaultSource = $"{path} (Kubernetes default)";
        this.Set(CriTracingKeys.Endpoint, endpoint ?? DefaultEndpoint, endpoint is null ? defaultSource : this.SourceOf(endpointNode!));
        this.Set(CriTracingKeys.SamplingRatePerMillion, CriTracingKeys.Format(rate ?? 0), rate is null ? defaultSource : this.SourceOf(rateNode!));
    }

    private string? DecodeString(YamlNode? value, string goField) => value switch
    {
        null or { Kind: YamlNodeKind.Null } => null,
        { Kind: YamlNodeKind.String } => value.Text,
        _ => throw this.Error($"json: cannot unmarshal {JsonType(value)} into Go struct field {goField} of type string"),
    };

    private int? DecodeInt32(YamlNode? value, string goField)
    {
        if (value is null or { Kind: YamlNodeKind.Null })
        {
            return null;
        }

        if (value.Kind != YamlNodeKind.Number)
        {
            throw this.Error($"json: cannot unmarshal {JsonType(value)} into Go struct field {goField} of type int32");
        }

        var isInteger = GoSyntax.TryParseInt64(value.Text.Replace("_", string.Empty, StringComparison.Ordinal), out var number);
        return isInteger && number is >= int.MinValue and <= int.MaxValue
            ? (int)number
            : throw this.Error($"json: cannot unmarshal number {(isInteger ? CriTracingKeys.Format(number) : value.Text)} into Go struct field {goField} of type int32");
    }

    private InvalidDataException Error(string detail) => new($"{path}: {DecodeError}: {detail}");

    private string SourceOf(YamlNode node) => string.Create(CultureInfo.InvariantCulture, $"{path}:{node.Line}");
}
