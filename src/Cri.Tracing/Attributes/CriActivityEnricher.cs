using System.Diagnostics;
using Cri.Protos.V1;
using Cri.Tracing.Internal;
using Google.Protobuf;

namespace Cri.Tracing;

/// <summary>
/// Sets the CRI attributes (<c>k8s.pod.name</c>, <c>container.id</c>, <c>cri.pod_sandbox.id</c>,
/// ...) a CRI request or response carries on a span. The interceptors call it for every traced
/// call; servers on other gRPC stacks (Grpc.AspNetCore, for example) call it from their handlers
/// or interceptors to get the same attributes on their own spans.
/// </summary>
public static class CriActivityEnricher
{
    /// <summary>Enriches <see cref="Activity.Current"/>, if there is one and it records.</summary>
    /// <param name="message">A <c>runtime.v1</c> request or response; other messages are ignored.</param>
    public static void Enrich(IMessage message)
    {
        if (Activity.Current is { } activity)
        {
            Enrich(activity, message);
        }
    }

    /// <summary>Enriches a span, if it records.</summary>
    /// <param name="activity">The span.</param>
    /// <param name="message">A <c>runtime.v1</c> request or response; other messages are ignored.</param>
    public static void Enrich(Activity activity, IMessage message)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(message);
        if (!SpanRecording.IsRecording(activity))
        {
            return;
        }

        switch (message)
        {
            case RunPodSandboxRequest m:
                SetPod(activity, m.Config?.Metadata);
                Set(activity, AttributeNames.RuntimeHandler, m.RuntimeHandler);
                break;
            case RunPodSandboxResponse m:
                Set(activity, AttributeNames.PodSandboxId, m.PodSandboxId);
                break;
            case StopPodSandboxRequest m:
                Set(activity, AttributeNames.PodSandboxId, m.PodSandboxId);
                break;
            case RemovePodSandboxRequest m:
                Set(activity, AttributeNames.PodSandboxId, m.PodSandboxId);
                break;
            case PodSandboxStatusRequest m:
                Set(activity, AttributeNames.PodSandboxId, m.PodSandboxId);
                break;
            case PodSandboxStatusResponse { Status: { } status }:
                Set(activity, AttributeNames.PodSandboxId, status.Id);
                SetPod(activity, status.Metadata);
                Set(activity, AttributeNames.RuntimeHandler, status.RuntimeHandler);
                break;
            case PodSandboxStatsRequest m:
                Set(activity, AttributeNames.PodSandboxId, m.PodSandboxId);
                break;
            case PortForwardRequest m:
                Set(activity, AttributeNames.PodSandboxId, m.PodSandboxId);
                break;
            case UpdatePodSandboxResourcesRequest m:
                Set(activity, AttributeNames.PodSandboxId, m.PodSandboxId);
                break;
            case CheckpointPodRequest m:
                Set(activity, AttributeNames.PodSandboxId, m.PodSandboxId);
                break;
            case RestorePodRequest m:
                SetPod(activity, m.Config?.Metadata);
                Set(activity, AttributeNames.RuntimeHandler, m.RuntimeHandler);
                break;
            case RestorePodResponse m:
                Set(activity, AttributeNames.PodSandboxId, m.PodSandboxId);
                break;
            case CreateContainerRequest m:
                Set(activity, AttributeNames.PodSandboxId, m.PodSandboxId);
                Set(activity, AttributeNames.ContainerName, m.Config?.Metadata?.Name);
                Set(activity, AttributeNames.ContainerImageName, m.Config?.Image?.Image);
                SetPod(activity, m.SandboxConfig?.Metadata);
                break;
            case CreateContainerResponse m:
                Set(activity, AttributeNames.ContainerId, m.ContainerId);
                break;
            case StartContainerRequest m:
                Set(activity, AttributeNames.ContainerId, m.ContainerId);
                break;
            case StopContainerRequest m:
                Set(activity, AttributeNames.ContainerId, m.ContainerId);
                break;
            case RemoveContainerRequest m:
                Set(activity, AttributeNames.ContainerId, m.ContainerId);
                break;
            case ContainerStatusRequest m:
                Set(activity, AttributeNames.ContainerId, m.ContainerId);
                break;
            case ContainerStatusResponse { Status: { } status }:
                Set(activity, AttributeNames.ContainerId, status.Id);
                Set(activity, AttributeNames.ContainerName, status.Metadata?.Name);
                Set(activity, AttributeNames.ContainerImageName, status.Image?.Image);
                Set(activity, AttributeNames.ContainerImageId, status.ImageRef);
                break;
            case UpdateContainerResourcesRequest m:
                Set(activity, AttributeNames.ContainerId, m.ContainerId);
                break;
            case ReopenContainerLogRequest m:
                Set(activity, AttributeNames.ContainerId, m.ContainerId);
                break;
            case ExecSyncRequest m:
                Set(activity, AttributeNames.ContainerId, m.ContainerId);
                break;
            case ExecRequest m:
                Set(activity, AttributeNames.ContainerId, m.ContainerId);
                break;
            case AttachRequest m:
                Set(activity, AttributeNames.ContainerId, m.ContainerId);
                break;
            case ContainerStatsRequest m:
                Set(activity, AttributeNames.ContainerId, m.ContainerId);
                break;
            case CheckpointContainerRequest m:
                Set(activity, AttributeNames.ContainerId, m.ContainerId);
                break;
            case PullImageRequest m:
                Set(activity, AttributeNames.ContainerImageName, m.Image?.Image);
                Set(activity, AttributeNames.RuntimeHandler, m.Image?.RuntimeHandler);
                SetPod(activity, m.SandboxConfig?.Metadata);
                break;
            case PullImageResponse m:
                Set(activity, AttributeNames.ContainerImageId, m.ImageRef);
                break;
            case ImageStatusRequest m:
                Set(activity, AttributeNames.ContainerImageName, m.Image?.Image);
                break;
            case RemoveImageRequest m:
                Set(activity, AttributeNames.ContainerImageName, m.Image?.Image);
                break;
        }
    }

    private static void SetPod(Activity activity, PodSandboxMetadata? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        Set(activity, AttributeNames.PodName, metadata.Name);
        Set(activity, AttributeNames.NamespaceName, metadata.Namespace);
        Set(activity, AttributeNames.PodUid, metadata.Uid);
    }

    private static void Set(Activity activity, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            activity.SetTag(name, value);
        }
    }
}
