using System.Diagnostics;
using Cri.Protos.V1;

namespace Cri.Tracing.Attributes.Internal;

/// <summary>Sets CRI attributes on a span, skipping empty values.</summary>
/// <param name="activity">The recording span.</param>
/// <param name="spanHasNone">
/// Whether the span carries none of the attributes yet: <see cref="Activity.AddTag(string, object?)"/>
/// then appends, where <see cref="Activity.SetTag"/> first looks through every attribute for the name.
/// </param>
internal readonly struct CriAttributeWriter(Activity activity, bool spanHasNone)
{
    public CriAttributeWriter Add(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            if (spanHasNone)
            {
                activity.AddTag(name, value);
            }
            else
            {
                activity.SetTag(name, value);
            }
        }

        return this;
    }

    public CriAttributeWriter AddPod(PodSandboxMetadata? metadata)
        => metadata is null
            ? this
            : this.Add(AttributeNames.PodName, metadata.Name)
                .Add(AttributeNames.NamespaceName, metadata.Namespace)
                .Add(AttributeNames.PodUid, metadata.Uid);
}
