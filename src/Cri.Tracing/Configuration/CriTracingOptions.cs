namespace Cri.Tracing.Configuration;

/// <summary>
/// Tracing settings of a CRI server or client, bound from the <see cref="SectionName"/> configuration section.
/// </summary>
/// <remarks>
/// <para>
/// The defaults are CRI-O's: tracing off, OTLP over insecure gRPC to <c>127.0.0.1:4317</c>, no root span sampled.
/// The configuration sources that read CRI-O, Kubernetes, containerd and OpenTelemetry settings all write into this
/// one section; when several are added, the one added last wins key by key. The documented order, which
/// <c>AddCriTracingConfiguration</c> follows, from lowest to highest precedence:
/// </para>
/// <list type="number">
/// <item><description>these defaults, then whatever the host added before (<c>appsettings.json</c>, ...);</description></item>
/// <item><description>the containerd 1.6/1.7 TOML tables (<c>AddContainerdConfiguration</c>): the oldest, legacy source;</description></item>
/// <item><description>the CRI-O configuration file, then its drop-ins in lexical order (<c>AddCrioConfiguration</c>), as CRI-O layers them;</description></item>
/// <item><description>a Kubernetes <c>TracingConfiguration</c> or <c>KubeletConfiguration</c> file
/// (<c>AddKubernetesTracingConfiguration</c>): it is named by a flag, so it beats files found by convention;</description></item>
/// <item><description>the OpenTelemetry variables <c>OTEL_*</c> (<c>AddOpenTelemetryEnvironment</c>): variables beat files;</description></item>
/// <item><description>CRI-O's <c>CONTAINER_*</c> variables (<c>AddCrioEnvironmentVariables</c>): specific to the runtime, so they beat the generic <c>OTEL_*</c> ones;</description></item>
/// <item><description>CRI-O's flags (<c>AddCrioCommandLine</c>): the most explicit, as in CRI-O.</description></item>
/// </list>
/// <para>
/// This keeps CRI-O's own order (defaults &lt; file &lt; drop-ins &lt; environment &lt; flags) intact and slots the
/// other ecosystems' sources in by the usual rule that the more explicit and more specific source wins.
/// </para>
/// </remarks>
public sealed class CriTracingOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "CriTracing";

    /// <summary>CRI-O's default collector endpoint.</summary>
    public const string DefaultEndpoint = "127.0.0.1:4317";

    /// <summary>The largest sampling rate: one million per million samples every root span.</summary>
    public const int MaxSamplingRatePerMillion = 1_000_000;

    /// <summary>Gets or sets a value indicating whether spans are recorded and exported. Default <see langword="false"/>.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Gets or sets the collector endpoint: <c>host:port</c> or a URL (<c>dns:///host:4317</c>, <c>unix:///path</c>) for
    /// <see cref="OtlpProtocol.Grpc"/>; the full <c>http(s)://host:port/v1/traces</c> URL for
    /// <see cref="OtlpProtocol.HttpProtobuf"/>. Default <see cref="DefaultEndpoint"/>.
    /// </summary>
    public string Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>Gets or sets the OTLP transport. Default <see cref="OtlpProtocol.Grpc"/>.</summary>
    public OtlpProtocol Protocol { get; set; } = OtlpProtocol.Grpc;

    /// <summary>
    /// Gets or sets how many root spans in a million are sampled, 0 to <see cref="MaxSamplingRatePerMillion"/>. Spans
    /// with a remote parent always follow the parent's decision. Default 0: no root span is sampled.
    /// </summary>
    public int SamplingRatePerMillion { get; set; }

    /// <summary>
    /// Gets or sets the <c>service.name</c> resource attribute, or <see langword="null"/> to let the host choose (CRI-O
    /// uses <c>crio</c>, the kubelet <c>kubelet</c>). It wins over a <c>service.name</c> in <see cref="ResourceAttributes"/>.
    /// </summary>
    public string? ServiceName { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the exporter connects without TLS. Default <see langword="true"/>, as
    /// CRI-O and Kubernetes always do; set it to <see langword="false"/> to use the TLS files below.
    /// </summary>
    public bool Insecure { get; set; } = true;

    /// <summary>Gets or sets a PEM file of certificate authorities that verify the collector, or <see langword="null"/> for the system's.</summary>
    public string? CertificateAuthorityFile { get; set; }

    /// <summary>Gets or sets a PEM client certificate for mutual TLS; requires <see cref="ClientKeyFile"/>.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>Gets or sets the PEM private key of <see cref="ClientCertificateFile"/>.</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>Gets the headers (gRPC metadata) sent with every export request, such as credentials.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets resource attributes added to every span's resource, as <c>OTEL_RESOURCE_ATTRIBUTES</c> adds them.</summary>
    public IDictionary<string, string> ResourceAttributes { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
