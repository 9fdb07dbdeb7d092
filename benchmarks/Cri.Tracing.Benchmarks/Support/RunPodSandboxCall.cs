using Cri.Protos;
using Cri.Protos.V1;

namespace Cri.Tracing.Benchmarks.Support;

/// <summary>
/// The one call every interception benchmark makes: the kubelet starting a CoreDNS pod, with
/// the metadata, labels, DNS and security settings it really sends, so the CRI attributes
/// (<c>k8s.pod.name</c>, <c>k8s.namespace.name</c>, <c>k8s.pod.uid</c>,
/// <c>cri.runtime_handler</c>, <c>cri.pod_sandbox.id</c>) are all set on a recorded span.
/// </summary>
internal static class RunPodSandboxCall
{
    public const string PodName = "coredns-7db6d8ff4d-x2xkq";
    public const string PodNamespace = "kube-system";
    public const string PodUid = "3f1a6c2e-9a0b-4c7e-8f5d-2b6e1c9d4a70";
    public const string PodSandboxId = "5d8c0ab1f2e34c6a9b7d1e0f3a2b4c6d8e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b";

    public static CriMethod Method { get; } = CriMethodCatalog.GetByPath("/runtime.v1.RuntimeService/RunPodSandbox");

    /// <summary>Gets the runtime endpoint the in-process benchmarks name (<c>server.address</c>); no socket is opened.</summary>
    public static CriEndpoint Endpoint { get; } = CriEndpoint.Parse("unix:///run/cri-bench/runtime.sock");

    /// <summary>Gets the request. Shared and never modified: protobuf messages are only read by the calls.</summary>
    public static RunPodSandboxRequest Request { get; } = new()
    {
        Config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = PodName, Namespace = PodNamespace, Uid = PodUid, Attempt = 0 },
            Hostname = PodName,
            LogDirectory = $"/var/log/pods/{PodNamespace}_{PodName}_{PodUid}",
            DnsConfig = new DNSConfig
            {
                Servers = { "10.96.0.10" },
                Searches = { "kube-system.svc.cluster.local", "svc.cluster.local", "cluster.local" },
                Options = { "ndots:5" },
            },
            PortMappings =
            {
                new PortMapping { Protocol = Protocol.Udp, ContainerPort = 53 },
                new PortMapping { Protocol = Protocol.Tcp, ContainerPort = 53 },
                new PortMapping { Protocol = Protocol.Tcp, ContainerPort = 9153 },
            },
            Labels =
            {
                ["io.kubernetes.pod.name"] = PodName,
                ["io.kubernetes.pod.namespace"] = PodNamespace,
                ["io.kubernetes.pod.uid"] = PodUid,
                ["k8s-app"] = "kube-dns",
                ["pod-template-hash"] = "7db6d8ff4d",
            },
            Annotations =
            {
                ["kubernetes.io/config.seen"] = "2025-11-21T07:33:12.894512345Z",
                ["kubernetes.io/config.source"] = "api",
            },
            Linux = new LinuxPodSandboxConfig
            {
                CgroupParent = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod3f1a6c2e_9a0b_4c7e_8f5d_2b6e1c9d4a70.slice",
                SecurityContext = new LinuxSandboxSecurityContext
                {
                    NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Pod, Pid = NamespaceMode.Container, Ipc = NamespaceMode.Pod },
                    Seccomp = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.RuntimeDefault },
                },
            },
        },
        RuntimeHandler = "runc",
    };

    /// <summary>Gets the response. Shared and never modified.</summary>
    public static RunPodSandboxResponse Response { get; } = new() { PodSandboxId = PodSandboxId };
}
