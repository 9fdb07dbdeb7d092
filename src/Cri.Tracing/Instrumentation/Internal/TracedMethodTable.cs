using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Cri.Protos;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>Every CRI method as one interceptor traces it, looked up by request path.</summary>
internal sealed class TracedMethodTable
{
    // A call's path is its Method object's FullName, one string for the Method's life (generated
    // clients and grpc-dotnet's server keep one Method per RPC), so a path seen before is found by
    // reference: about 3 ns against 12 for comparing it with the catalog's paths of its length. A
    // slot is filled once and never replaced, so two paths can never evict each other on every
    // call; a path with no free slot among its probes is looked up by content, as before.
    private const int ReferenceSlots = 128;
    private const int ReferenceProbes = 4;

    private readonly KnownPath?[] byReference = new KnownPath?[ReferenceSlots];
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
    public TracedMethod? Find(string? path)
    {
        if (path is null)
        {
            return null;
        }

        var first = RuntimeHelpers.GetHashCode(path);
        for (var probe = 0; probe < ReferenceProbes; probe++)
        {
            var known = this.byReference[(first + probe) & (ReferenceSlots - 1)];
            if (known is null)
            {
                break;
            }

            if (ReferenceEquals(known.Path, path))
            {
                return known.Method;
            }
        }

        if (!this.byPath.TryGetValue(path, out var method))
        {
            return null;
        }

        for (var probe = 0; probe < ReferenceProbes; probe++)
        {
            ref var slot = ref this.byReference[(first + probe) & (ReferenceSlots - 1)];
            var known = slot ?? Interlocked.CompareExchange(ref slot, new KnownPath(path, method), null);
            if (known is null || ReferenceEquals(known.Path, path))
            {
                break;
            }
        }

        return method;
    }

    /// <summary>Whether a path the catalog does not know is excluded.</summary>
    public bool IsUnknownExcluded(string? path) => this.settings.Exclusion.IsExcluded(path);

    /// <summary>Describes a path the catalog does not know (recorded calls only: it allocates).</summary>
    public TracedMethod CreateUnknown(string? path) => TracedMethod.ForUnknown(path ?? "/", this.settings, this.endpointTags);

    private sealed record KnownPath(string Path, TracedMethod Method);
}
