using Grpc.Core;
using Microsoft.Extensions.Primitives;

namespace Cri.Tracing.Propagation.Internal;

/// <summary>Reads and writes the trace headers of gRPC metadata (keys are lower case there).</summary>
internal static class MetadataHeaders
{
    /// <summary>Every text value of a key; no allocation for none or one.</summary>
    public static StringValues Get(Metadata? metadata, string key)
    {
        if (metadata is null)
        {
            return StringValues.Empty;
        }

        string? single = null;
        List<string>? more = null;
        for (var i = 0; i < metadata.Count; i++)
        {
            var entry = metadata[i];
            if (!entry.IsBinary && string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                if (single is null)
                {
                    single = entry.Value;
                }
                else
                {
                    (more ??= [single]).Add(entry.Value);
                }
            }
        }

        return more is not null ? new StringValues([.. more]) : new StringValues(single);
    }

    /// <summary>Sets one key, replacing every value the caller gave it.</summary>
    public static void Set(Metadata metadata, string key, string value)
    {
        for (var i = metadata.Count - 1; i >= 0; i--)
        {
            if (string.Equals(metadata[i].Key, key, StringComparison.Ordinal))
            {
                metadata.RemoveAt(i);
            }
        }

        metadata.Add(key, value);
    }

    /// <summary>
    /// A copy of the caller's headers to add the trace headers to: a caller may reuse its
    /// <see cref="Metadata"/> for many calls, so it is never changed.
    /// </summary>
    public static Metadata CopyForCall(Metadata? headers)
    {
        var copy = new Metadata();
        if (headers is not null)
        {
            for (var i = 0; i < headers.Count; i++)
            {
                copy.Add(headers[i]);
            }
        }

        return copy;
    }
}
