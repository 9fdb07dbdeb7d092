using System.Collections;
using System.Globalization;
using System.Text;
using Cri.Tracing.Configuration.Internal;
using Microsoft.Extensions.Configuration;

namespace Cri.Tracing.Configuration;

/// <summary>
/// What <c>crio config</c> prints for tracing: the effective <c>[crio.tracing]</c> table, each key preceded by a
/// comment naming its source.
/// </summary>
public static class CrioTracingConfigCommand
{
    /// <summary>
    /// Builds the configuration a CRI-O-style runtime reads (see
    /// <see cref="CriTracingConfigurationExtensions.AddCriTracingConfiguration"/>) and prints its
    /// <c>[crio.tracing]</c> table. A <c>--tracing-config-file</c> (<c>TracingConfiguration</c> or
    /// <c>KubeletConfiguration</c>) turns tracing on.
    /// </summary>
    /// <param name="args">CRI-O-style arguments: <c>--config F --config-dir D --tracing-config-file F --enable-tracing[=bool] --tracing-endpoint X --tracing-sampling-rate-per-million N</c>.</param>
    /// <param name="environment">The environment variables, e.g. <see cref="Environment.GetEnvironmentVariables()"/>.</param>
    /// <param name="output">Receives the TOML table.</param>
    /// <param name="error">Receives warnings (<c>warning: ...</c>) and, on failure, the errors.</param>
    /// <returns>0 on success; 1 if a file, variable, flag or the resulting settings are invalid.</returns>
    public static int Run(string[] args, IDictionary environment, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        IConfigurationRoot configuration;
        CriTracingOptions options;
        try
        {
            configuration = new ConfigurationBuilder().AddCriTracingConfiguration(args, environment).Build();
            options = Bind(configuration);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            error.WriteLine(exception.Message);
            return 1;
        }

        var validation = new CriTracingOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            foreach (var failure in validation.Failures)
            {
                error.WriteLine(failure);
            }

            return 1;
        }

        foreach (var warning in CriTracingConfiguration.GetWarnings(configuration))
        {
            error.WriteLine($"warning: {warning}");
        }

        output.Write(Render(configuration));
        return 0;
    }

    /// <summary>Renders the <c>[crio.tracing]</c> table of a built configuration, with a comment per key naming its source.</summary>
    /// <param name="configuration">The built configuration.</param>
    /// <returns>The TOML text, ending with a line break.</returns>
    /// <exception cref="InvalidOperationException">A setting does not convert to its type.</exception>
    public static string Render(IConfigurationRoot configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = Bind(configuration);
        var sources = CriTracingConfiguration.Explain(configuration).ToDictionary(setting => setting.Key, setting => setting.Source, StringComparer.OrdinalIgnoreCase);
        var text = new StringBuilder("[crio.tracing]\n");
        AppendKey(text, sources[nameof(CriTracingOptions.Enabled)], "enable_tracing", options.Enabled ? "true" : "false");
        AppendKey(text, sources[nameof(CriTracingOptions.Endpoint)], "tracing_endpoint", GoSyntax.Quote(options.Endpoint));
        AppendKey(text, sources[nameof(CriTracingOptions.SamplingRatePerMillion)], "tracing_sampling_rate_per_million", options.SamplingRatePerMillion.ToString(CultureInfo.InvariantCulture));
        return text.ToString();
    }

    private static CriTracingOptions Bind(IConfiguration configuration)
        => configuration.GetSection(CriTracingOptions.SectionName).Get<CriTracingOptions>() ?? new CriTracingOptions();

    private static void AppendKey(StringBuilder text, string source, string key, string value)
        => text.Append(source == CriTracingSetting.DefaultSource ? "# default" : $"# from {source}").Append('\n').Append(key).Append(" = ").Append(value).Append('\n');
}
