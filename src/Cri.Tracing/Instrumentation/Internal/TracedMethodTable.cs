using System.Collections.Frozen;
using Cri.Protos;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>Every CRI method as one interceptor traces it, looked up by request path.</summary>
internal sealed class TracedMethodTable
{
    private readonly FrozenDictionary<string, TracedMethod> byPath;
    private readonly TracingSettings settings;
    private readonly KeyValuePair<string, object?>[]? endpointTags;

    /// <param name="settings">The interceptor's settings.</param>
    /// <param name="endpointTags">The server attributes when fixed for every call, else <see langword="null"/>.</param>
    public TracedMethodTable(TracingSettings settings, KeyValuePair<string, object?>[]? endpointTags)
    {
        this.settings = settings;
        this.endpointTags = endpointTags;
        this.byPath = CriMethodCatalog.All.ToFrozenDictionary(m => m.Path, m => TracedMethod.ForKnown(m, settings, endpointTags), StringComparer.Ordinal);
    }

    /// <summary>Finds a CRI method.</summary>
    public TracedMethod? Find(string? path) => path is not null && this.byPath.TryGetValue(path, out var method) ? method : null;

    /// <summary>Whether a path the catalog does not know is excluded.</summary>
    public bool IsUnknownExcluded(string? path) => this.settings.Exclusion.IsExcluded(path);

    /// <summary>Describes a path the catalog does not know (recorded calls only: it allocates).</summary>
    public TracedMethod CreateUnknown(string? path) => TracedMethod.ForUnknown(path ?? "/", this.settings, this.endpointTags);
}
