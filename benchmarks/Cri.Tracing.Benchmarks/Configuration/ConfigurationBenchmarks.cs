using System.Collections;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using Cri.Tracing.Configuration.Internal;
using Cri.Tracing.Configuration.Internal.Toml;
using Microsoft.Extensions.Configuration;

namespace Cri.Tracing.Benchmarks.Configuration;

/// <summary>
/// Reading tracing settings from TOML: the parser over a realistic <c>crio.conf</c> (the file as
/// <c>crio config</c> writes it, comments included), the CRI-O configuration provider over that file
/// and three drop-ins as a runtime reads them at startup (file system included), and the parser
/// over a generated 10,000-line document.
/// </summary>
[MemoryDiagnoser]
public class ConfigurationBenchmarks
{
    private const string ResourcePrefix = "Fixtures/";

    // An empty environment: CONTAINER_CONFIG or CONTAINER_CONFIG_DIR set where the benchmark runs must not redirect it.
    private readonly Hashtable environment = [];
    private string directory = string.Empty;
    private string[] crioArgs = [];
    private byte[] crioConf = [];
    private byte[] generatedDocument = [];

    [GlobalSetup]
    public void Setup()
    {
        this.directory = Path.Combine(Path.GetTempPath(), "cri-tracing-benchmarks-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var assembly = typeof(ConfigurationBenchmarks).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var path = Path.Combine(this.directory, resource[ResourcePrefix.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, ReadResource(assembly, resource));
        }

        this.crioConf = File.ReadAllBytes(Path.Combine(this.directory, "crio.conf"));
        this.crioArgs = ["--config", Path.Combine(this.directory, "crio.conf"), "--config-dir", Path.Combine(this.directory, "crio.conf.d")];
        this.generatedDocument = GeneratedTomlDocument.Create();

        var rate = this.LoadCrioConfigurationWithDropIns();
        if (rate != "1000")
        {
            throw new InvalidOperationException($"The CRI-O files gave a sampling rate of '{rate}', not the drop-in's 1000.");
        }

        var lines = this.generatedDocument.Count(b => b == (byte)'\n');
        var runtimes = (TomlTable)((TomlTable)((TomlTable)((TomlTable)this.Parse10000Lines())["crio"])["runtime"])["runtimes"];
        if (lines != GeneratedTomlDocument.Lines || runtimes.Count != GeneratedTomlDocument.Handlers)
        {
            throw new InvalidOperationException($"The generated document has {lines} lines and {runtimes.Count} handlers.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(this.directory, recursive: true);

    // The parsed table is internal; returned as object so BenchmarkDotNet consumes it.
    [Benchmark]
    public object ParseCrioConf() => TomlParser.Parse(this.crioConf);

    [Benchmark]
    public string? LoadCrioConfigurationWithDropIns()
        => new ConfigurationBuilder().AddCrioConfiguration(this.crioArgs, this.environment).Build()[CriTracingKeys.SamplingRatePerMillion];

    [Benchmark]
    public object Parse10000Lines() => TomlParser.Parse(this.generatedDocument);

    private static byte[] ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
