using System.Diagnostics;
using Cri.Protos.V1;

namespace Cri.Tracing.Attributes.Internal;

/// <summary>Writes CRI attributes, skipping empty values, to a span or to the attributes a span starts with.</summary>
/// <param name="activity">The recording span: an attribute replaces any earlier value of its name.</param>
/// <param name="creationTags">The list a span is about to start with, when there is no span yet: appended.</param>
internal readonly struct CriAttributeWriter(Activity? activity, CreationTagList? creationTags)
{
    public CriAttributeWriter Add(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            if (creationTags is not null)
            {
                creationTags.Add(name, value);
            }
            else
            {
                activity!.SetTag(name, value);
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
