using System.Globalization;
using Cri.Tracing.Configuration.Internal;
using Microsoft.Extensions.Configuration;

namespace Cri.Tracing.Configuration;

/// <summary>Explains a built configuration: which source set each tracing setting, and what the sources warned about.</summary>
public static class CriTracingConfiguration
{
    /// <summary>
    /// Lists every effective setting of the <see cref="CriTracingOptions.SectionName"/> section with its source: the
    /// last provider that has the key wins, as in <see cref="IConfigurationRoot"/> itself.
    /// </summary>
    /// <param name="configuration">The built configuration.</param>
    /// <returns>The scalar settings in a fixed order (unset ones from the defaults), then each header and resource attribute.</returns>
    public static IReadOnlyList<CriTracingSetting> Explain(IConfigurationRoot configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new CriTracingOptions();
        var settings = new List<CriTracingSetting>();
        foreach (var key in CriTracingKeys.Scalars)
        {
            settings.Add(Winner(configuration, key) is var (provider, value)
                ? new CriTracingSetting(RelativeKey(key), value, SourceOf(provider, key))
                : new CriTracingSetting(RelativeKey(key), DefaultValue(defaults, key), CriTracingSetting.DefaultSource));
        }

        foreach (var section in CriTracingKeys.Dictionaries)
        {
            foreach (var child in configuration.GetSection(section).GetChildren().Where(child => child.Value is not null))
            {
                var (provider, value) = Winner(configuration, child.Path)!.Value;
                settings.Add(new CriTracingSetting(RelativeKey(child.Path), value, SourceOf(provider, child.Path)));
            }
        }

        return settings;
    }

    /// <summary>
    /// Gets the warnings of the Cri.Tracing sources (a CRI-O rate out of range, an ignored <c>OTEL_TRACES_SAMPLER</c>,
    /// ...), leaving out those about a value a later source overrode. The library does not log them: the host decides.
    /// </summary>
    /// <param name="configuration">The built configuration.</param>
    /// <returns>The warnings, in provider order.</returns>
    public static IReadOnlyList<string> GetWarnings(IConfigurationRoot configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.Providers
            .OfType<CriTracingConfigurationProvider>()
            .SelectMany(provider => provider.Warnings
                .Where(warning => warning.Key is null || ReferenceEquals(Winner(configuration, warning.Key)?.Provider, provider))
                .Select(warning => warning.Message))
            .ToList();
    }

    private static (IConfigurationProvider Provider, string? Value)? Winner(IConfigurationRoot configuration, string key)
    {
        foreach (var provider in configuration.Providers.Reverse())
        {
            if (provider.TryGet(key, out var value))
            {
                return (provider, value);
            }
        }

        return null;
    }

    private static string SourceOf(IConfigurationProvider provider, string key) => provider switch
    {
        CriTracingConfigurationProvider ours when ours.GetSource(key) is { } source => source,
        FileConfigurationProvider { Source.Path: { } path } file => file.Source.FileProvider?.GetFileInfo(path).PhysicalPath ?? path,
        _ => provider.ToString() ?? provider.GetType().Name,
    };

    private static string RelativeKey(string key) => key[(CriTracingOptions.SectionName.Length + 1)..];

    private static string? DefaultValue(CriTracingOptions defaults, string key) => key switch
    {
        CriTracingKeys.Enabled => CriTracingKeys.Format(defaults.Enabled),
        CriTracingKeys.Endpoint => defaults.Endpoint,
        CriTracingKeys.Protocol => defaults.Protocol.ToString(),
        CriTracingKeys.SamplingRatePerMillion => defaults.SamplingRatePerMillion.ToString(CultureInfo.InvariantCulture),
        CriTracingKeys.ServiceName => defaults.ServiceName,
        CriTracingKeys.Insecure => CriTracingKeys.Format(defaults.Insecure),
        CriTracingKeys.CertificateAuthorityFile => defaults.CertificateAuthorityFile,
        CriTracingKeys.ClientCertificateFile => defaults.ClientCertificateFile,
        _ => defaults.ClientKeyFile,
    };
}
