using System.Collections;
using System.Globalization;

namespace Cri.Tracing.Configuration.Internal;

/// <summary>
/// The OpenTelemetry SDK variables that concern a trace exporter, read as the specification and otel-go (hence
/// containerd 2.x) read them: empty means unset, the <c>TRACES</c> variant wins over the generic one, and an
/// invalid value is ignored with a warning. An endpoint turns tracing on, as in containerd 2.x;
/// <c>OTEL_SDK_DISABLED=true</c> turns it off.
/// </summary>
internal sealed class OpenTelemetryEnvironmentConfigurationProvider(IDictionary? environment) : CriTracingConfigurationProvider
{
    private const string Exporter = "OTEL_EXPORTER_OTLP_";
    private const string TracesExporter = "OTEL_EXPORTER_OTLP_TRACES_";
    private const string Sampler = "OTEL_TRACES_SAMPLER";
    private const string SamplerArgument = "OTEL_TRACES_SAMPLER_ARG";
    private const string ServiceName = "OTEL_SERVICE_NAME";
    private const string ResourceAttributes = "OTEL_RESOURCE_ATTRIBUTES";
    private const string SdkDisabled = "OTEL_SDK_DISABLED";

    private IDictionary variables = new Hashtable();

    protected override void Read()
    {
        this.variables = EnvironmentLookup.OrProcess(environment);
        this.ReadExporter();
        this.ReadSampler();

        if (this.Get(ServiceName) is { } serviceName)
        {
            this.Set(CriTracingKeys.ServiceName, serviceName, "env " + ServiceName);
        }

        foreach (var (key, value) in this.ReadList(ResourceAttributes))
        {
            // OTEL_SERVICE_NAME wins over service.name in OTEL_RESOURCE_ATTRIBUTES, as the specification says.
            if (key == "service.name")
            {
                if (this.Get(ServiceName) is null)
                {
                    this.Set(CriTracingKeys.ServiceName, value, "env " + ResourceAttributes);
                }
            }
            else
            {
                this.Set($"{CriTracingKeys.ResourceAttributes}:{key}", value, "env " + ResourceAttributes);
            }
        }

        if (this.Get(SdkDisabled) is { } disabled)
        {
            if (disabled.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                this.Set(CriTracingKeys.Enabled, CriTracingKeys.Format(false), "env " + SdkDisabled);
            }
            else if (!disabled.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                this.Warn($"env {SdkDisabled}: expected true or false, found {GoSyntax.Quote(disabled)}; ignored.");
            }
        }
    }

    private void ReadExporter()
    {
        OtlpProtocol? protocol = null;
        var protocolVariable = this.Pick("PROTOCOL");
        if (protocolVariable is not null)
        {
            var text = this.Get(protocolVariable)!;
            protocol = text switch
            {
                "grpc" => OtlpProtocol.Grpc,
                "http/protobuf" => OtlpProtocol.HttpProtobuf,
                _ => null,
            };
            if (protocol is null)
            {
                this.Warn($"env {protocolVariable}: expected grpc or http/protobuf, found {GoSyntax.Quote(text)}; ignored.");
                protocolVariable = null;
            }
        }

        var endpointVariable = this.Pick("ENDPOINT");
        if (endpointVariable is not null)
        {
            var endpoint = this.Get(endpointVariable)!;
            var source = "env " + endpointVariable;
            this.Set(CriTracingKeys.Enabled, CriTracingKeys.Format(true), source);

            // The specification's default protocol, which containerd 2.x keeps.
            protocol ??= OtlpProtocol.HttpProtobuf;
            this.Set(CriTracingKeys.Protocol, protocol.Value.ToString(), protocolVariable is null ? $"{source} (OpenTelemetry default protocol)" : "env " + protocolVariable);

            // The generic endpoint is a base URL: HTTP exporters append the signal's path to it.
            if (protocol == OtlpProtocol.HttpProtobuf && !endpointVariable.StartsWith(TracesExporter, StringComparison.Ordinal))
            {
                endpoint = endpoint.TrimEnd('/') + "/v1/traces";
            }

            this.Set(CriTracingKeys.Endpoint, endpoint, source);

            // A scheme decides TLS; OTEL_EXPORTER_OTLP_INSECURE only applies to an endpoint without one.
            if (Uri.TryCreate(endpoint, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            {
                this.Set(CriTracingKeys.Insecure, CriTracingKeys.Format(url.Scheme == Uri.UriSchemeHttp), source);
            }
            else
            {
                this.ReadInsecure(orDefault: source);
            }
        }
        else
        {
            if (protocol is not null)
            {
                this.Set(CriTracingKeys.Protocol, protocol.Value.ToString(), "env " + protocolVariable);
            }

            this.ReadInsecure(orDefault: null);
        }

        this.SetFromVariable(CriTracingKeys.CertificateAuthorityFile, this.Pick("CERTIFICATE"));
        this.SetFromVariable(CriTracingKeys.ClientCertificateFile, this.Pick("CLIENT_CERTIFICATE"));
        this.SetFromVariable(CriTracingKeys.ClientKeyFile, this.Pick("CLIENT_KEY"));

        var headersVariable = this.Pick("HEADERS");
        if (headersVariable is not null)
        {
            foreach (var (name, value) in this.ReadList(headersVariable))
            {
                this.Set($"{CriTracingKeys.Headers}:{name}", value, "env " + headersVariable);
            }
        }
    }

    /// <summary>Reads the INSECURE variable; without one, sets the specification's default (false) when <paramref name="orDefault"/> names the endpoint it applies to.</summary>
    private void ReadInsecure(string? orDefault)
    {
        var variable = this.Pick("INSECURE");
        var text = variable is null ? null : this.Get(variable)!;
        if (text is not null && (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase)))
        {
            this.Set(CriTracingKeys.Insecure, CriTracingKeys.Format(text.Equals("true", StringComparison.OrdinalIgnoreCase)), "env " + variable);
            return;
        }

        if (text is not null)
        {
            this.Warn($"env {variable}: expected true or false, found {GoSyntax.Quote(text)}; ignored.");
        }

        if (orDefault is not null)
        {
            this.Set(CriTracingKeys.Insecure, CriTracingKeys.Format(false), $"{orDefault} (OpenTelemetry default)");
        }
    }

    private void ReadSampler()
    {
        if (this.Get(Sampler) is not { } text)
        {
            return;
        }

        var name = text.Trim().ToLowerInvariant();
        var parentBased = name.StartsWith("parentbased_", StringComparison.Ordinal);
        var root = parentBased ? name["parentbased_".Length..] : name;
        var source = "env " + Sampler;
        int rate;
        string? warning = null;
        switch (root)
        {
            case "always_on":
                rate = CriTracingOptions.MaxSamplingRatePerMillion;
                break;
            case "always_off":
                rate = 0;
                break;
            case "traceidratio":
                (rate, source, warning) = this.ReadSamplerRatio();
                break;
            default:
                this.Warn($"{source}: sampler {GoSyntax.Quote(text)} is not supported (use always_on, always_off, traceidratio or their parentbased_ forms); ignored.");
                return;
        }

        this.Set(CriTracingKeys.SamplingRatePerMillion, CriTracingKeys.Format(rate), source);
        if (!parentBased)
        {
            this.Warn($"env {Sampler}: {name} is treated as parentbased_{name}: Cri.Tracing always follows a remote parent's decision, as CRI-O and the kubelet do.", CriTracingKeys.SamplingRatePerMillion);
        }

        if (warning is not null)
        {
            this.Warn(warning, CriTracingKeys.SamplingRatePerMillion);
        }
    }

    /// <summary>Reads the ratio argument as otel-go does: missing means 1; unparsable or outside 0..1 means 1, with a warning.</summary>
    private (int Rate, string Source, string? Warning) ReadSamplerRatio()
    {
        var source = "env " + SamplerArgument;
        if (this.Get(SamplerArgument) is not { } text)
        {
            return (CriTracingOptions.MaxSamplingRatePerMillion, $"env {Sampler} (default ratio 1)", null);
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) || ratio is < 0 or > 1)
        {
            return (CriTracingOptions.MaxSamplingRatePerMillion, source, $"{source}: expected a ratio from 0 to 1, found {GoSyntax.Quote(text)}; using 1 as OpenTelemetry does.");
        }

        var rate = SamplingRate.FromRatio(ratio, source, out var warning);
        return (rate, source, warning);
    }

    /// <summary>Reads a <c>key=value,key=value</c> list (W3C Baggage without properties); values are percent-decoded.</summary>
    private List<(string Key, string Value)> ReadList(string variable)
    {
        var entries = new List<(string, string)>();
        foreach (var entry in (this.Get(variable) ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? string.Empty : entry[..equals].Trim();
            var value = equals < 0 ? string.Empty : entry[(equals + 1)..].Trim();
            if (key.Length == 0 || key.Contains(':', StringComparison.Ordinal) || !IsPercentEncoded(value))
            {
                this.Warn($"env {variable}: entry {GoSyntax.Quote(entry)} is not key=value with a percent-encoded value and a key without ':'; ignored.");
                continue;
            }

            entries.Add((key, Uri.UnescapeDataString(value)));
        }

        return entries;
    }

    private static bool IsPercentEncoded(string value)
    {
        for (var i = value.IndexOf('%', StringComparison.Ordinal); i >= 0; i = value.IndexOf('%', i + 1))
        {
            if (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2]))
            {
                return false;
            }
        }

        return true;
    }

    private void SetFromVariable(string key, string? variable)
    {
        if (variable is not null)
        {
            this.Set(key, this.Get(variable)!, "env " + variable);
        }
    }

    /// <summary>Gets the name of the traces-specific exporter variable if set, else of the generic one if set.</summary>
    private string? Pick(string suffix)
        => this.Get(TracesExporter + suffix) is not null ? TracesExporter + suffix
            : this.Get(Exporter + suffix) is not null ? Exporter + suffix
            : null;

    private string? Get(string name) => EnvironmentLookup.Get(this.variables, name) is { Length: > 0 } value ? value : null;
}
