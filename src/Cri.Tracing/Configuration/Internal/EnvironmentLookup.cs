using System.Collections;

namespace Cri.Tracing.Configuration.Internal;

/// <summary>Reads variables from a given environment, or the process's when none is given.</summary>
internal static class EnvironmentLookup
{
    /// <summary>Gets the environment to read: <paramref name="environment"/>, or a snapshot of the process's.</summary>
    public static IDictionary OrProcess(IDictionary? environment) => environment ?? Environment.GetEnvironmentVariables();

    /// <summary>Gets a variable's value, or <see langword="null"/> when it is not set.</summary>
    public static string? Get(IDictionary environment, string name) => environment.Contains(name) ? environment[name] as string ?? string.Empty : null;
}
