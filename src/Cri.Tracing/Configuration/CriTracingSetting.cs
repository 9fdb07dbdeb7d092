namespace Cri.Tracing.Configuration;

/// <summary>One effective tracing setting and where it came from.</summary>
public sealed class CriTracingSetting
{
    /// <summary>The <see cref="Source"/> of a setting no configuration source sets.</summary>
    public const string DefaultSource = "default";

    /// <summary>Initializes a new instance of the <see cref="CriTracingSetting"/> class.</summary>
    /// <param name="key">The key under the <see cref="CriTracingOptions.SectionName"/> section.</param>
    /// <param name="value">The effective value as configuration holds it.</param>
    /// <param name="source">Where the value came from.</param>
    public CriTracingSetting(string key, string? value, string source)
    {
        this.Key = key;
        this.Value = value;
        this.Source = source;
    }

    /// <summary>Gets the key under the <see cref="CriTracingOptions.SectionName"/> section, e.g. <c>Endpoint</c> or <c>Headers:authorization</c>.</summary>
    public string Key { get; }

    /// <summary>Gets the effective value as configuration holds it (a string), or <see langword="null"/> for an unset optional setting.</summary>
    public string? Value { get; }

    /// <summary>
    /// Gets where the value came from: a file and line (<c>/etc/crio/crio.conf.d/10-tracing.conf:3</c>), a variable
    /// (<c>env CONTAINER_TRACING_ENDPOINT</c>), a flag (<c>flag --tracing-endpoint</c>), a source's own default
    /// (<c>/etc/kubernetes/tracing.yaml (Kubernetes default)</c>), <see cref="DefaultSource"/>, or, for a provider
    /// that is not Cri.Tracing's, the file of a file provider (<c>/app/appsettings.json</c>) or else the provider's
    /// description (<c>EnvironmentVariablesConfigurationProvider Prefix: ''</c>).
    /// </summary>
    public string Source { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{this.Key} = {this.Value} ({this.Source})";
}
