using System.Collections.Frozen;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Cri.Protos.V1;
using Cri.Tracing.Internal;
using Google.Protobuf;

namespace Cri.Tracing.Attributes.Internal;

/// <summary>
/// Which CRI attributes each <c>runtime.v1</c> message carries: one reader per message type, found
/// by the message's type in one lookup. README.md lists the attributes.
/// </summary>
internal static class CriMessageAttributes
{
    private static readonly FrozenDictionary<Type, Action<IMessage, CriAttributeWriter>> Readers = new KeyValuePair<Type, Action<IMessage, CriAttributeWriter>>[]
    {
        // Pod sandboxes.
        For<RunPodSandboxRequest>((m, w) => w.AddPod(m.Config?.Metadata).Add(AttributeNames.RuntimeHandler, m.RuntimeHandler)),
        SandboxId<RunPodSandboxResponse>(m => m.PodSandboxId),
        SandboxId<StopPodSandboxRequest>(m => m.PodSandboxId),
        SandboxId<RemovePodSandboxRequest>(m => m.PodSandboxId),
        SandboxId<PodSandboxStatusRequest>(m => m.PodSandboxId),
        For<PodSandboxStatusResponse>((m, w) => w.Add(AttributeNames.PodSandboxId, m.Status?.Id).AddPod(m.Status?.Metadata).Add(AttributeNames.RuntimeHandler, m.Status?.RuntimeHandler)),
        SandboxId<PodSandboxStatsRequest>(m => m.PodSandboxId),
        SandboxId<PortForwardRequest>(m => m.PodSandboxId),
        SandboxId<UpdatePodSandboxResourcesRequest>(m => m.PodSandboxId),
        SandboxId<CheckpointPodRequest>(m => m.PodSandboxId),
        For<RestorePodRequest>((m, w) => w.AddPod(m.Config?.Metadata).Add(AttributeNames.RuntimeHandler, m.RuntimeHandler)),
        SandboxId<RestorePodResponse>(m => m.PodSandboxId),

        // Containers.
        For<CreateContainerRequest>((m, w) => w.Add(AttributeNames.PodSandboxId, m.PodSandboxId)
            .Add(AttributeNames.ContainerName, m.Config?.Metadata?.Name)
            .Add(AttributeNames.ContainerImageName, m.Config?.Image?.Image)
            .AddPod(m.SandboxConfig?.Metadata)),
        ContainerId<CreateContainerResponse>(m => m.ContainerId),
        ContainerId<StartContainerRequest>(m => m.ContainerId),
        ContainerId<StopContainerRequest>(m => m.ContainerId),
        ContainerId<RemoveContainerRequest>(m => m.ContainerId),
        ContainerId<ContainerStatusRequest>(m => m.ContainerId),
        For<ContainerStatusResponse>((m, w) => w.Add(AttributeNames.ContainerId, m.Status?.Id)
            .Add(AttributeNames.ContainerName, m.Status?.Metadata?.Name)
            .Add(AttributeNames.ContainerImageName, m.Status?.Image?.Image)
            .Add(AttributeNames.ContainerImageId, m.Status?.ImageRef)),
        ContainerId<UpdateContainerResourcesRequest>(m => m.ContainerId),
        ContainerId<ReopenContainerLogRequest>(m => m.ContainerId),
        ContainerId<ExecSyncRequest>(m => m.ContainerId),
        ContainerId<ExecRequest>(m => m.ContainerId),
        ContainerId<AttachRequest>(m => m.ContainerId),
        ContainerId<ContainerStatsRequest>(m => m.ContainerId),
        ContainerId<CheckpointContainerRequest>(m => m.ContainerId),

        // Images: the reference only, never the credentials PullImage carries.
        For<PullImageRequest>((m, w) => w.Add(AttributeNames.ContainerImageName, m.Image?.Image)
            .Add(AttributeNames.RuntimeHandler, m.Image?.RuntimeHandler)
            .AddPod(m.SandboxConfig?.Metadata)),
        For<PullImageResponse>((m, w) => w.Add(AttributeNames.ContainerImageId, m.ImageRef)),
        For<ImageStatusRequest>((m, w) => w.Add(AttributeNames.ContainerImageName, m.Image?.Image)),
        For<RemoveImageRequest>((m, w) => w.Add(AttributeNames.ContainerImageName, m.Image?.Image)),
    }.ToFrozenDictionary();

    /// <summary>
    /// Writes the attributes a message carries on a recording span, replacing earlier values of
    /// the same names (a response repeats what its request said); other messages write nothing.
    /// </summary>
    /// <param name="activity">The span.</param>
    /// <param name="message">A <c>runtime.v1</c> message.</param>
    public static void Write(Activity activity, IMessage message)
    {
        if (Readers.TryGetValue(message.GetType(), out var read))
        {
            read(message, new CriAttributeWriter(activity, creationTags: null));
        }
    }

    /// <summary>The reader of a message type's attributes, or <see langword="null"/> when it carries none.</summary>
    public static CriMessageReader? ReaderOf(Type messageType)
        => Readers.TryGetValue(messageType, out var read) ? new CriMessageReader(messageType, read) : null;

    /// <summary>
    /// The attributes a call's span starts with: its method's, then those its request carries,
    /// which nothing else can have set yet.
    /// </summary>
    /// <param name="methodTags">The method's (and endpoint's) attributes.</param>
    /// <param name="reader">The reader of the method's request type, if it carries attributes.</param>
    /// <param name="request">The call's request, or <see langword="null"/> for a request stream.</param>
    /// <returns>
    /// <paramref name="methodTags"/> itself when the request adds nothing; otherwise this thread's
    /// <see cref="CreationTagList"/>, to give back with <see cref="Return"/> once the span has started.
    /// </returns>
    public static IEnumerable<KeyValuePair<string, object?>> ForCreation(KeyValuePair<string, object?>[] methodTags, CriMessageReader? reader, object? request)
    {
        if (reader is null || request is null || !reader.Reads(request))
        {
            return methodTags;
        }

        var tags = CreationTagList.Rent(methodTags);
        try
        {
            reader.Write(request, new CriAttributeWriter(activity: null, tags));
        }
        catch (Exception ex)
        {
            CriTracingEventSource.Log.InstrumentationFailed(nameof(ForCreation), ex);
        }

        return tags;
    }

    /// <summary>Gives back what <see cref="ForCreation"/> rented, if it did.</summary>
    public static void Return(IEnumerable<KeyValuePair<string, object?>> creationTags)
        => (creationTags as CreationTagList)?.Return();

    // The lookup is by the message's exact type, so the reader knows it without a cast check.
    private static KeyValuePair<Type, Action<IMessage, CriAttributeWriter>> For<T>(Action<T, CriAttributeWriter> read)
        where T : class, IMessage
        => new(typeof(T), (message, writer) => read(Unsafe.As<T>(message), writer));

    private static KeyValuePair<Type, Action<IMessage, CriAttributeWriter>> SandboxId<T>(Func<T, string> id)
        where T : class, IMessage
        => For<T>((m, w) => w.Add(AttributeNames.PodSandboxId, id(m)));

    private static KeyValuePair<Type, Action<IMessage, CriAttributeWriter>> ContainerId<T>(Func<T, string> id)
        where T : class, IMessage
        => For<T>((m, w) => w.Add(AttributeNames.ContainerId, id(m)));
}
