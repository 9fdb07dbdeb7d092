namespace Cri.Tracing.Configuration.Internal;

/// <summary>
/// The tracing tables of a containerd 1.6/1.7 <c>config.toml</c>. As in containerd, they take effect only when the
/// OTLP plugin has an endpoint; the plugins' defaults then fill what the file omits (HTTP, ratio 1.0,
/// <c>service.name=containerd</c>). Every other table is ignored.
/// </summary>
internal sealed class ContainerdConfigurationProvider(string path, bool optional) : CriTracingConfigurationProvider
{
    private const string OtlpPlugin = "io.containerd.tracing.processor.v1.otlp";
    private const string TracingPlugin = "io.containerd.internal.v1.tracing";
    private const string HttpProtobuf = "http/protobuf";
    private const string Grpc = "grpc";

    protected override void Read()
    {
        if (!File.Exists(path))
        {
            if (optional)
            {
                return;
            }

            throw MissingFile(path);
        }

        if (!TomlSection.Load(path).TryGetSection("plugins", out var plugins))
        {
            return;
        }

        var hasTracing = plugins.TryGetSection(TracingPlugin, out var tracing);
        var hasOtlp = plugins.TryGetSection(OtlpPlugin, out var otlp);
        if (!hasOtlp || !otlp.TryGetString("endpoint", out var endpoint, out var endpointSource) || endpoint.Length == 0)
        {
            if (hasOtlp || hasTracing)
            {
                this.Warn($"{path}: [plugins.\"{OtlpPlugin}\"] has no endpoint, so containerd does not trace; its tracing tables are ignored.");
            }

            return;
        }

        var defaultSource = $"{path} (containerd default)";
        this.Set(CriTracingKeys.Enabled, CriTracingKeys.Format(true), endpointSource);

        if (!otlp.TryGetString("protocol", out var protocol, out var protocolSource))
        {
            (protocol, protocolSource) = (HttpProtobuf, defaultSource);
        }

        if (protocol is "" or HttpProtobuf)
        {
            // containerd keeps only the scheme and host of the URL: the exporter posts to /v1/traces, without TLS for http.
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw otlp.Error("endpoint", $"expected an http:// or https:// URL for protocol \"{HttpProtobuf}\", found {GoSyntax.Quote(endpoint)}");
            }

            this.Set(CriTracingKeys.Protocol, nameof(OtlpProtocol.HttpProtobuf), protocolSource);
            this.Set(CriTracingKeys.Endpoint, $"{url.Scheme}://{url.Authority}/v1/traces", endpointSource);
            this.Set(CriTracingKeys.Insecure, CriTracingKeys.Format(url.Scheme == Uri.UriSchemeHttp), endpointSource);
        }
        else if (protocol == Grpc)
        {
            this.Set(CriTracingKeys.Protocol, nameof(OtlpProtocol.Grpc), protocolSource);
            this.Set(CriTracingKeys.Endpoint, endpoint, endpointSource);
            if (!otlp.TryGetBoolean("insecure", out var insecure, out var insecureSource))
            {
                (insecure, insecureSource) = (false, defaultSource);
            }

            this.Set(CriTracingKeys.Insecure, CriTracingKeys.Format(insecure), insecureSource);
        }
        else
        {
            throw otlp.Error("protocol", $"expected \"{Grpc}\" or \"{HttpProtobuf}\", found {GoSyntax.Quote(protocol)} (containerd: not implemented)");
        }

        if (!(hasTracing && tracing.TryGetString("service_name", out var serviceName, out var serviceNameSource)))
        {
            (serviceName, serviceNameSource) = ("containerd", defaultSource);
        }

        if (!(hasTracing && tracing.TryGetNumber("sampling_ratio", out var ratio, out var ratioSource)))
        {
            (ratio, ratioSource) = (1.0, defaultSource);
        }

        this.Set(CriTracingKeys.ServiceName, serviceName, serviceNameSource);
        var rate = SamplingRate.FromRatio(ratio, ratioSource, out var warning);
        this.Set(CriTracingKeys.SamplingRatePerMillion, CriTracingKeys.Format(rate), ratioSource);
        if (warning is not null)
        {
            this.Warn(warning, CriTracingKeys.SamplingRatePerMillion);
        }
    }
}
