using Cri.Tracing.Configuration;
using Microsoft.Extensions.Configuration;

namespace Cri.Tracing.Tests.Configuration;

/// <summary>Builds configurations and reads back the options, the explanation and the warnings.</summary>
internal static class ConfigurationTestKit
{
    public static IConfigurationRoot Build(Action<IConfigurationBuilder> configure)
    {
        var builder = new ConfigurationBuilder();
        configure(builder);
        return builder.Build();
    }

    public static CriTracingOptions Bind(IConfiguration configuration)
        => configuration.GetSection(CriTracingOptions.SectionName).Get<CriTracingOptions>() ?? new CriTracingOptions();

    /// <summary>Gets the source <see cref="CriTracingConfiguration.Explain"/> gives for a key such as <c>Endpoint</c>.</summary>
    public static string SourceOf(IConfigurationRoot configuration, string key)
        => CriTracingConfiguration.Explain(configuration).Single(setting => setting.Key == key).Source;

    /// <summary>An environment of exactly the given variables.</summary>
    public static Dictionary<string, string> Env(params (string Name, string Value)[] variables)
        => variables.ToDictionary(variable => variable.Name, variable => variable.Value, StringComparer.Ordinal);

    /// <summary>Gets <c>path:line</c> for the first line of a file that contains <paramref name="text"/>.</summary>
    public static string LineOf(string path, string text)
    {
        var lines = File.ReadAllLines(path);
        var index = Array.FindIndex(lines, line => line.Contains(text, StringComparison.Ordinal));
        Assert.True(index >= 0, $"{path} has no line containing '{text}'");
        return $"{path}:{index + 1}";
    }
}
