using System.Collections;

namespace Cri.Tracing.Configuration.Internal;

/// <summary>
/// CRI-O's configuration files: the main file, then every regular file under the drop-in directory, walked
/// recursively in lexical order whatever its extension, each overlaying only the <c>[crio.tracing]</c> keys it sets.
/// </summary>
internal sealed class CrioConfigurationProvider(IReadOnlyList<string> args, IDictionary? environment) : CriTracingConfigurationProvider
{
    public const string DefaultConfigPath = "/etc/crio/crio.conf";
    public const string DefaultConfigDirectory = "/etc/crio/crio.conf.d";

    private (long Value, string Source)? samplingRate;

    protected override void Read()
    {
        var commandLine = CrioCommandLine.Parse(args);
        var variables = EnvironmentLookup.OrProcess(environment);
        var configPath = commandLine.ConfigPath ?? NonEmpty(EnvironmentLookup.Get(variables, CrioEnvironment.ConfigVariable));
        var configDirectory = commandLine.ConfigDirectory ?? NonEmpty(EnvironmentLookup.Get(variables, CrioEnvironment.ConfigDirectoryVariable));

        this.samplingRate = null;
        if (File.Exists(configPath ?? DefaultConfigPath))
        {
            this.ReadFile(configPath ?? DefaultConfigPath);
        }
        else if (configPath is not null)
        {
            // CRI-O skips a missing default file but fails on one it was told to read.
            throw MissingFile(configPath);
        }

        // CRI-O skips a missing drop-in directory, even one it was told to read.
        this.Walk(configDirectory ?? DefaultConfigDirectory);

        if (this.samplingRate is var (rate, source))
        {
            this.Set(CriTracingKeys.SamplingRatePerMillion, CriTracingKeys.Format(SamplingRate.ClampAsCrio(rate, source, out var warning)), source);
            if (warning is not null)
            {
                this.Warn(warning, CriTracingKeys.SamplingRatePerMillion);
            }
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private void Walk(string path)
    {
        if (File.Exists(path))
        {
            this.ReadFile(path);
            return;
        }

        if (!Directory.Exists(path))
        {
            return;
        }

        var entries = Directory.GetFileSystemEntries(path);
        Array.Sort(entries, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var info = new FileInfo(entry);
            if (info.Attributes.HasFlag(FileAttributes.Directory) && info.LinkTarget is not null)
            {
                // Go's filepath.Walk does not follow the link and CRI-O then fails to read it as a file.
                throw new InvalidDataException($"{entry}: is a directory (a symbolic link to one), which CRI-O cannot read as a drop-in file");
            }

            this.Walk(entry);
        }
    }

    private void ReadFile(string file)
    {
        var root = TomlSection.Load(file);
        if (!root.TryGetSection("crio", out var crio) || !crio.TryGetSection("tracing", out var tracing))
        {
            return;
        }

        if (tracing.TryGetBoolean("enable_tracing", out var enabled, out var source))
        {
            this.Set(CriTracingKeys.Enabled, CriTracingKeys.Format(enabled), source);
        }

        if (tracing.TryGetString("tracing_endpoint", out var endpoint, out source))
        {
            this.Set(CriTracingKeys.Endpoint, endpoint, source);
        }

        if (tracing.TryGetInt64("tracing_sampling_rate_per_million", out var rate, out source))
        {
            // Clamped once, after the last file, so an overridden value raises no warning.
            this.samplingRate = (rate, source);
        }
    }
}
