using System.Collections;
using Cri.Tracing.Configuration;
using Cri.Tracing.Configuration.Internal;

namespace Microsoft.Extensions.Configuration;

/// <summary>
/// Adds the tracing settings operators already have (CRI-O, Kubernetes, containerd, OpenTelemetry variables) to a
/// configuration, all under the <see cref="CriTracingOptions.SectionName"/> section. Sources added later win key by
/// key; <see cref="CriTracingOptions"/> documents the recommended order, which
/// <see cref="AddCriTracingConfiguration"/> follows. Files are read by <c>Build()</c>, which throws
/// <see cref="InvalidDataException"/> for an invalid one (the message names the file and, where there is one, the
/// line) and <see cref="FileNotFoundException"/> for a missing file that was named explicitly.
/// </summary>
public static class CriTracingConfigurationExtensions
{
    /// <summary>
    /// Adds everything a CRI-O-style runtime reads, in the documented precedence: the CRI-O files, the Kubernetes file
    /// named by <c>--tracing-config-file</c> (if any), the <c>OTEL_*</c> variables, the <c>CONTAINER_*</c> variables
    /// and the CRI-O flags. Add <see cref="AddContainerdConfiguration"/> before it to read a containerd file too.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="args">The command line: <c>--config</c>, <c>--config-dir</c>, <c>--tracing-config-file</c> and the tracing flags are read, other arguments ignored.</param>
    /// <param name="environment">The environment variables, or <see langword="null"/> for the process's.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidDataException">A flag that takes a value ends <paramref name="args"/>.</exception>
    public static IConfigurationBuilder AddCriTracingConfiguration(this IConfigurationBuilder builder, string[] args, IDictionary? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        builder.AddCrioConfiguration(args, environment);
        if (CrioCommandLine.Parse(args).TracingConfigFile is { } tracingConfigFile)
        {
            builder.AddKubernetesTracingConfiguration(tracingConfigFile);
        }

        return builder
            .AddOpenTelemetryEnvironment(environment)
            .AddCrioEnvironmentVariables(environment)
            .AddCrioCommandLine(args);
    }

    /// <summary>
    /// Adds CRI-O's configuration files: <c>--config</c> (<c>-c</c>) or <c>CONTAINER_CONFIG</c>, default
    /// <c>/etc/crio/crio.conf</c>; then every file under <c>--config-dir</c> (<c>-d</c>) or <c>CONTAINER_CONFIG_DIR</c>,
    /// default <c>/etc/crio/crio.conf.d</c>, recursively in lexical order whatever the extension, each overlaying the
    /// keys it sets. Reads <c>enable_tracing</c>, <c>tracing_endpoint</c> and <c>tracing_sampling_rate_per_million</c>
    /// of <c>[crio.tracing]</c> and ignores every other table. A missing default file, or a missing directory, is
    /// skipped; a missing file named explicitly is an error. A rate out of range is clamped as CRI-O does, with a warning.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="args">The command line, or <see langword="null"/>; only <c>--config</c> and <c>--config-dir</c> are read here.</param>
    /// <param name="environment">The environment variables, or <see langword="null"/> for the process's.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddCrioConfiguration(this IConfigurationBuilder builder, string[]? args = null, IDictionary? environment = null)
        => builder.AddProvider(() => new CrioConfigurationProvider(args ?? [], environment));

    /// <summary>
    /// Adds CRI-O's variables <c>CONTAINER_ENABLE_TRACING</c>, <c>CONTAINER_TRACING_ENDPOINT</c> and
    /// <c>CONTAINER_TRACING_SAMPLING_RATE_PER_MILLION</c>, parsed with Go's rules as CRI-O parses them.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="environment">The environment variables, or <see langword="null"/> for the process's.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddCrioEnvironmentVariables(this IConfigurationBuilder builder, IDictionary? environment = null)
        => builder.AddProvider(() => new CrioOverrideConfigurationProvider(() => CrioEnvironment.ReadOverrides(EnvironmentLookup.OrProcess(environment))));

    /// <summary>
    /// Adds CRI-O's flags <c>--enable-tracing[=bool]</c>, <c>--tracing-endpoint</c> and
    /// <c>--tracing-sampling-rate-per-million</c>, read as Go's flag package reads them; other arguments are ignored.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="args">The command line.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddCrioCommandLine(this IConfigurationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return builder.AddProvider(() => new CrioOverrideConfigurationProvider(() => CrioCommandLine.Parse(args).Overrides));
    }

    /// <summary>
    /// Adds a Kubernetes tracing file, YAML or JSON: an apiserver <c>TracingConfiguration</c>
    /// (<c>apiserver.config.k8s.io/v1</c>, <c>v1beta1</c> or <c>v1alpha1</c>, decoded strictly) or a
    /// <c>KubeletConfiguration</c> (<c>kubelet.config.k8s.io/v1beta1</c>; only its <c>tracing</c> block is read).
    /// The file turns tracing on; an omitted endpoint is <c>localhost:4317</c> and an omitted rate samples no root span.
    /// Errors carry Kubernetes' messages, after the file's path.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="path">The file, e.g. the apiserver's <c>--tracing-config-file</c> or the kubelet's <c>--config</c>.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddKubernetesTracingConfiguration(this IConfigurationBuilder builder, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.AddProvider(() => new KubernetesTracingConfigurationProvider(path));
    }

    /// <summary>
    /// Adds the tracing tables of a containerd 1.6/1.7 <c>config.toml</c>:
    /// <c>[plugins."io.containerd.tracing.processor.v1.otlp"]</c> (<c>endpoint</c>, <c>protocol</c>, <c>insecure</c>)
    /// and <c>[plugins."io.containerd.internal.v1.tracing"]</c> (<c>sampling_ratio</c>, <c>service_name</c>). As in
    /// containerd, they turn tracing on only with an endpoint, and containerd's defaults fill what they omit.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="path">The file, e.g. <c>/etc/containerd/config.toml</c>.</param>
    /// <param name="optional">Whether a missing file is skipped rather than an error.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddContainerdConfiguration(this IConfigurationBuilder builder, string path, bool optional = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.AddProvider(() => new ContainerdConfigurationProvider(path, optional));
    }

    /// <summary>
    /// Adds the OpenTelemetry SDK variables, as containerd 2.x reads them: <c>OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT</c>
    /// (which turns tracing on), <c>_PROTOCOL</c>, <c>_HEADERS</c>, <c>_INSECURE</c>, <c>_CERTIFICATE</c>,
    /// <c>_CLIENT_CERTIFICATE</c>, <c>_CLIENT_KEY</c>, <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>,
    /// <c>OTEL_TRACES_SAMPLER</c> and <c>_ARG</c> (a ratio becomes ratio × 1,000,000 per million, rounded half away
    /// from zero), and <c>OTEL_SDK_DISABLED</c>.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="environment">The environment variables, or <see langword="null"/> for the process's.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddOpenTelemetryEnvironment(this IConfigurationBuilder builder, IDictionary? environment = null)
        => builder.AddProvider(() => new OpenTelemetryEnvironmentConfigurationProvider(environment));

    private static IConfigurationBuilder AddProvider(this IConfigurationBuilder builder, Func<CriTracingConfigurationProvider> createProvider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new CriTracingConfigurationSource(createProvider));
    }
}
