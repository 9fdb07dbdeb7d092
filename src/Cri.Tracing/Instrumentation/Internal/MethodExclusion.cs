using System.Collections.Frozen;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>The compiled <see cref="CriInstrumentationOptions.ExcludedMethods"/>: exact names and whole services.</summary>
internal sealed class MethodExclusion
{
    /// <summary>The calls the kubelet repeats every few seconds on an idle node.</summary>
    internal static readonly string[] KubeletPollingMethods =
    [
        "runtime.v1.RuntimeService/Version",
        "runtime.v1.RuntimeService/Status",
        "runtime.v1.RuntimeService/ListPodSandbox",
        "runtime.v1.RuntimeService/ListContainers",
        "runtime.v1.RuntimeService/ContainerStats",
        "runtime.v1.RuntimeService/ListContainerStats",
        "runtime.v1.RuntimeService/PodSandboxStats",
        "runtime.v1.RuntimeService/ListPodSandboxStats",
        "runtime.v1.RuntimeService/ListMetricDescriptors",
        "runtime.v1.RuntimeService/ListPodSandboxMetrics",
        "runtime.v1.ImageService/ListImages",
        "runtime.v1.ImageService/ImageFsInfo",
    ];

    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> methods;
    private readonly string[] services;

    public MethodExclusion(IEnumerable<string> patterns, bool excludeKubeletPolling)
    {
        var methods = new HashSet<string>(StringComparer.Ordinal);
        var services = new List<string>();
        foreach (var pattern in patterns)
        {
            var name = pattern?.Trim().TrimStart('/') ?? string.Empty;
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == name.Length - 1 || name.IndexOf('/', slash + 1) >= 0)
            {
                throw new ArgumentException($"'{pattern}' is not a method pattern: use 'package.Service/Method' or 'package.Service/*'.", nameof(patterns));
            }

            if (name.EndsWith("/*", StringComparison.Ordinal))
            {
                services.Add(name[..(slash + 1)]);
            }
            else
            {
                methods.Add(name);
            }
        }

        if (excludeKubeletPolling)
        {
            methods.UnionWith(KubeletPollingMethods);
        }

        this.methods = methods.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        this.services = [.. services];
    }

    /// <summary>Whether a method, named with or without its leading slash, is excluded.</summary>
    public bool IsExcluded(ReadOnlySpan<char> name)
    {
        var qualifiedName = name.TrimStart('/');
        if (this.methods.Contains(qualifiedName))
        {
            return true;
        }

        foreach (var service in this.services)
        {
            if (qualifiedName.StartsWith(service, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
