using Microsoft.Extensions.Configuration;

namespace Cri.Tracing.Configuration.Internal;

/// <summary>
/// A configuration provider that records, for each key it sets, where the value came from (a file and line, a
/// variable, a flag), and the warnings it raised while reading.
/// </summary>
internal abstract class CriTracingConfigurationProvider : ConfigurationProvider
{
    private Dictionary<string, string> sources = new(StringComparer.OrdinalIgnoreCase);
    private List<ConfigurationWarning> warnings = [];

    /// <summary>Gets the warnings raised by the last load.</summary>
    public IReadOnlyList<ConfigurationWarning> Warnings => this.warnings;

    /// <summary>Gets where the value of <paramref name="key"/> came from, or <see langword="null"/> if this provider does not set it.</summary>
    public string? GetSource(string key) => this.sources.GetValueOrDefault(key);

    /// <inheritdoc/>
    public sealed override void Load()
    {
        this.Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        this.sources = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        this.warnings = [];
        this.Read();
    }

    /// <summary>Creates the error for a file that was named explicitly but does not exist.</summary>
    protected static FileNotFoundException MissingFile(string path) => new($"{path}: no such file or directory", path);

    /// <summary>Reads the source, calling <see cref="Set"/> and <see cref="Warn"/>.</summary>
    protected abstract void Read();

    /// <summary>Sets a key, replacing what this provider set before, so that later files overlay earlier ones key by key.</summary>
    protected void Set(string key, string value, string source)
    {
        this.Data[key] = value;
        this.sources[key] = source;
    }

    /// <summary>Records a warning; see <see cref="ConfigurationWarning"/> for what <paramref name="key"/> means.</summary>
    protected void Warn(string message, string? key = null) => this.warnings.Add(new ConfigurationWarning(key, message));
}
