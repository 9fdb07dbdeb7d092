using Grpc.Core;
using System.Security.Cryptography;
using Cri.Protos;
using Cri.Protos.V1;
using Google.Protobuf;

namespace Cri.SampleRuntime;

/// <summary>
/// The pods and containers of the runtime and every transition between their states. One lock
/// guards both, and events are published under it, so every caller and every event subscriber
/// sees transitions in the same order.
/// </summary>
internal sealed class RuntimeState(ContainerEventHub events, TimeProvider timeProvider, ILogger<RuntimeState> logger)
{
    private const string PodSandboxKind = "pod sandbox";
    private const string ContainerKind = "container";

    /// <summary>What a container killed with SIGKILL exits with: 128 + 9.</summary>
    private const int KilledExitCode = 137;

    /// <summary>How many containers removed with their pod are remembered, so StartContainer can say why it fails.</summary>
    private const int RemovedWithPodCapacity = 4096;

    private readonly Lock gate = new();
    private readonly Dictionary<string, PodSandboxRecord> sandboxes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContainerRecord> containers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> removedWithPod = new(StringComparer.Ordinal);
    private readonly Queue<string> removedWithPodOrder = new();
    private long sequence;
    private int allocatedAddresses;

    /// <summary>Creates an ID as containerd does: 32 random bytes in lower-case hex.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public (int PodSandboxes, int Containers) GetCounts()
    {
        lock (this.gate)
        {
            return (this.sandboxes.Count, this.containers.Count);
        }
    }

    public void AddSandbox(string id, PodSandboxConfig config, string runtimeHandler)
    {
        lock (this.gate)
        {
            var holder = this.sandboxes.Values.FirstOrDefault(sandbox => sandbox.Metadata.Equals(config.Metadata));
            if (holder is not null)
            {
                throw this.NameReserved(PodSandboxKind, $"{config.Metadata.Namespace}/{config.Metadata.Name} (attempt {config.Metadata.Attempt})", holder.Id);
            }

            var sandbox = new PodSandboxRecord
            {
                Id = id,
                Config = config,
                RuntimeHandler = runtimeHandler,
                Ip = this.AllocateAddress(),
                CreatedAt = timeProvider.GetUnixNanoseconds(),
                Sequence = ++this.sequence,
            };

            this.sandboxes.Add(id, sandbox);
            SampleRuntimeLog.RanPodSandbox(logger, id, config.Metadata.Namespace, config.Metadata.Name, sandbox.Ip);

            // containerd reports a sandbox's own lifecycle on the container event stream too.
            this.Publish(id, sandbox, ContainerEventType.ContainerCreatedEvent);
            this.Publish(id, sandbox, ContainerEventType.ContainerStartedEvent);
        }
    }

    /// <summary>Gets the pod a container is about to be created in: NOT_FOUND when absent, FAILED_PRECONDITION when not ready.</summary>
    public PodSandboxRecord GetReadySandbox(string podSandboxId, string containerName)
    {
        lock (this.gate)
        {
            var sandbox = this.FindSandbox(podSandboxId) ?? throw this.NotFound(PodSandboxKind, podSandboxId);
            this.EnsureReadyForCreate(sandbox, containerName);
            return sandbox;
        }
    }

    public void AddContainer(string id, PodSandboxRecord sandbox, ContainerConfig config, ImageRecord image)
    {
        lock (this.gate)
        {
            // The pod may have gone away while the container's phases ran.
            if (!this.sandboxes.ContainsKey(sandbox.Id))
            {
                throw this.NotFound(PodSandboxKind, sandbox.Id);
            }

            this.EnsureReadyForCreate(sandbox, config.Metadata.Name);
            var holder = this.containers.Values.FirstOrDefault(container => container.Sandbox == sandbox && container.Config.Metadata.Equals(config.Metadata));
            if (holder is not null)
            {
                throw this.NameReserved(ContainerKind, $"{config.Metadata.Name} (attempt {config.Metadata.Attempt})", holder.Id);
            }

            var record = new ContainerRecord
            {
                Id = id,
                Sandbox = sandbox,
                Config = config,
                Image = image,

                // The CRI's log_path is relative to the pod's log_directory.
                LogPath = config.LogPath.Length == 0 ? string.Empty : Path.Combine(sandbox.Config.LogDirectory, config.LogPath),
                CreatedAt = timeProvider.GetUnixNanoseconds(),
                Sequence = ++this.sequence,
            };

            this.containers.Add(id, record);
            SampleRuntimeLog.CreatedContainer(logger, id, config.Metadata.Name, sandbox.Id);
            this.Publish(id, sandbox, ContainerEventType.ContainerCreatedEvent);
        }
    }

    /// <summary>Checks a container can start and marks it starting, so a second StartContainer cannot race it.</summary>
    public ContainerRecord BeginStart(string containerId)
    {
        lock (this.gate)
        {
            var container = this.FindContainer(containerId);
            if (container is null)
            {
                if (this.removedWithPod.TryGetValue(containerId, out var podSandboxId))
                {
                    SampleRuntimeLog.StartInRemovedPod(logger, containerId, podSandboxId);
                    throw new RpcException(new Status(StatusCode.FailedPrecondition, $"cannot start container {containerId}: its pod sandbox {podSandboxId} was removed"));
                }

                throw this.NotFound(ContainerKind, containerId);
            }

            if (container.Sandbox.State != PodSandboxState.SandboxReady)
            {
                SampleRuntimeLog.StartInNotReadyPod(logger, container.Id, container.Sandbox.Id);
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"cannot start container {container.Id}: its pod sandbox {container.Sandbox.Id} is not ready"));
            }

            if (container.State != ContainerState.ContainerCreated || container.Starting)
            {
                var state = container.Starting ? "starting" : container.State.ToString();
                SampleRuntimeLog.ContainerNotStartable(logger, container.Id, state);
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"cannot start container {container.Id}: it is {state}, not created"));
            }

            container.Starting = true;
            return container;
        }
    }

    public void AbortStart(ContainerRecord container)
    {
        lock (this.gate)
        {
            container.Starting = false;
        }
    }

    public void CompleteStart(ContainerRecord container)
    {
        lock (this.gate)
        {
            container.Starting = false;
            if (!this.containers.ContainsKey(container.Id) || container.Sandbox.State != PodSandboxState.SandboxReady)
            {
                SampleRuntimeLog.StartInterrupted(logger, container.Id, container.Sandbox.Id);
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"container {container.Id} was removed, or its pod sandbox stopped, while it was starting"));
            }

            container.State = ContainerState.ContainerRunning;
            container.StartedAt = timeProvider.GetUnixNanoseconds();
            SampleRuntimeLog.StartedContainer(logger, container.Id, container.Name);
            this.Publish(container.Id, container.Sandbox, ContainerEventType.ContainerStartedEvent);
        }
    }

    /// <summary>Stops a container: NOT_FOUND when unknown; a container that is not running is left as it is.</summary>
    public void StopContainer(string containerId)
    {
        lock (this.gate)
        {
            var container = this.FindContainer(containerId) ?? throw this.NotFound(ContainerKind, containerId);
            if (container.State == ContainerState.ContainerRunning)
            {
                // The simulated process honours SIGTERM.
                this.Exit(container, 0, "Completed");
            }
        }
    }

    /// <summary>Removes a container, killing it if it runs; removing an absent one succeeds, as the CRI asks.</summary>
    public void RemoveContainer(string containerId)
    {
        lock (this.gate)
        {
            if (this.FindContainer(containerId) is { } container)
            {
                this.Remove(container);
            }
            else
            {
                SampleRuntimeLog.AlreadyGone(logger, ContainerKind, containerId);
            }
        }
    }

    /// <summary>Stops a pod and kills its running containers; stopping an absent one succeeds, as the CRI asks.</summary>
    public void StopSandbox(string podSandboxId)
    {
        lock (this.gate)
        {
            if (this.FindSandbox(podSandboxId) is { } sandbox)
            {
                this.Stop(sandbox);
            }
            else
            {
                SampleRuntimeLog.AlreadyGone(logger, PodSandboxKind, podSandboxId);
            }
        }
    }

    /// <summary>Stops a pod, then removes its containers and the pod; removing an absent one succeeds.</summary>
    public void RemoveSandbox(string podSandboxId)
    {
        lock (this.gate)
        {
            var sandbox = this.FindSandbox(podSandboxId);
            if (sandbox is null)
            {
                SampleRuntimeLog.AlreadyGone(logger, PodSandboxKind, podSandboxId);
                return;
            }

            this.Stop(sandbox);
            foreach (var container in this.ContainersOf(sandbox))
            {
                this.Remove(container);
                this.RememberRemovedWithPod(container.Id, sandbox.Id);
            }

            this.sandboxes.Remove(sandbox.Id);
            SampleRuntimeLog.RemovedPodSandbox(logger, sandbox.Id);
            this.Publish(sandbox.Id, sandbox, ContainerEventType.ContainerDeletedEvent);
        }
    }

    public PodSandboxStatusResponse GetSandboxStatus(string podSandboxId, bool verbose)
    {
        lock (this.gate)
        {
            var sandbox = this.FindSandbox(podSandboxId) ?? throw this.NotFound(PodSandboxKind, podSandboxId);
            var response = new PodSandboxStatusResponse
            {
                Status = sandbox.ToStatus(),
                ContainersStatuses = { this.ContainersOf(sandbox).Select(container => container.ToStatus()) },
                Timestamp = timeProvider.GetUnixNanoseconds(),
            };

            if (verbose)
            {
                response.Info.Add("config", JsonFormatter.Default.Format(sandbox.Config));
            }

            return response;
        }
    }

    public ListPodSandboxResponse ListSandboxes(PodSandboxFilter? filter)
    {
        lock (this.gate)
        {
            return new ListPodSandboxResponse
            {
                Items = { this.sandboxes.Values.Where(sandbox => sandbox.Matches(filter)).OrderBy(sandbox => sandbox.Sequence).Select(sandbox => sandbox.ToPodSandbox()) },
            };
        }
    }

    public ContainerStatusResponse GetContainerStatus(string containerId, bool verbose)
    {
        lock (this.gate)
        {
            var container = this.FindContainer(containerId) ?? throw this.NotFound(ContainerKind, containerId);
            var response = new ContainerStatusResponse { Status = container.ToStatus() };
            if (verbose)
            {
                response.Info.Add("sandboxID", container.Sandbox.Id);
                response.Info.Add("config", JsonFormatter.Default.Format(container.Config));
            }

            return response;
        }
    }

    public ListContainersResponse ListContainers(ContainerFilter? filter)
    {
        lock (this.gate)
        {
            return new ListContainersResponse
            {
                Containers = { this.containers.Values.Where(container => container.Matches(filter)).OrderBy(container => container.Sequence).Select(container => container.ToContainer()) },
            };
        }
    }

    /// <summary>Gets a container to exec in: NOT_FOUND when unknown, FAILED_PRECONDITION when not running.</summary>
    public ContainerRecord GetRunningContainer(string containerId)
    {
        lock (this.gate)
        {
            var container = this.FindContainer(containerId) ?? throw this.NotFound(ContainerKind, containerId);
            if (container.State != ContainerState.ContainerRunning)
            {
                SampleRuntimeLog.ExecInNotRunning(logger, container.Id, container.State.ToString());
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"container {container.Id} is not running (state: {container.State})"));
            }

            return container;
        }
    }

    public ContainerStats GetContainerStats(string containerId)
    {
        lock (this.gate)
        {
            var container = this.FindContainer(containerId) ?? throw this.NotFound(ContainerKind, containerId);
            return container.ToStats(timeProvider.GetUnixNanoseconds());
        }
    }

    public ListContainerStatsResponse ListContainerStats(ContainerStatsFilter? filter)
    {
        lock (this.gate)
        {
            var now = timeProvider.GetUnixNanoseconds();
            return new ListContainerStatsResponse
            {
                Stats = { this.containers.Values.Where(container => container.Matches(filter)).OrderBy(container => container.Sequence).Select(container => container.ToStats(now)) },
            };
        }
    }

    /// <summary>Finds an item by ID or unique ID prefix, as containerd's truncated-index lookup does.</summary>
    private static T? Find<T>(Dictionary<string, T> items, string id, string kind)
        where T : class
    {
        if (id.Length == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{kind} ID must not be empty"));
        }

        if (items.TryGetValue(id, out var exact))
        {
            return exact;
        }

        T? match = null;
        foreach (var (key, item) in items)
        {
            if (key.StartsWith(id, StringComparison.Ordinal))
            {
                match = match is null ? item : throw new RpcException(new Status(StatusCode.InvalidArgument, $"{kind} ID prefix \"{id}\" is ambiguous"));
            }
        }

        return match;
    }

    private PodSandboxRecord? FindSandbox(string id) => Find(this.sandboxes, id, PodSandboxKind);

    private ContainerRecord? FindContainer(string id) => Find(this.containers, id, ContainerKind);

    private List<ContainerRecord> ContainersOf(PodSandboxRecord sandbox)
        => [.. this.containers.Values.Where(container => container.Sandbox == sandbox).OrderBy(container => container.Sequence)];

    private void EnsureReadyForCreate(PodSandboxRecord sandbox, string containerName)
    {
        if (sandbox.State != PodSandboxState.SandboxReady)
        {
            SampleRuntimeLog.CreateInNotReadyPod(logger, containerName, sandbox.Id);
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"cannot create container {containerName}: pod sandbox {sandbox.Id} is not ready"));
        }
    }

    private void Stop(PodSandboxRecord sandbox)
    {
        foreach (var container in this.ContainersOf(sandbox).Where(container => container.State == ContainerState.ContainerRunning))
        {
            this.Exit(container, KilledExitCode, "Error");
        }

        if (sandbox.State == PodSandboxState.SandboxReady)
        {
            sandbox.State = PodSandboxState.SandboxNotready;
            SampleRuntimeLog.StoppedPodSandbox(logger, sandbox.Id);
            this.Publish(sandbox.Id, sandbox, ContainerEventType.ContainerStoppedEvent);
        }
    }

    private void Exit(ContainerRecord container, int exitCode, string reason)
    {
        container.State = ContainerState.ContainerExited;
        container.FinishedAt = timeProvider.GetUnixNanoseconds();
        container.ExitCode = exitCode;
        container.Reason = reason;
        SampleRuntimeLog.StoppedContainer(logger, container.Id, exitCode);
        this.Publish(container.Id, container.Sandbox, ContainerEventType.ContainerStoppedEvent);
    }

    private void Remove(ContainerRecord container)
    {
        if (container.State == ContainerState.ContainerRunning)
        {
            this.Exit(container, KilledExitCode, "Error");
        }

        this.containers.Remove(container.Id);
        SampleRuntimeLog.RemovedContainer(logger, container.Id);
        this.Publish(container.Id, container.Sandbox, ContainerEventType.ContainerDeletedEvent);
    }

    private void RememberRemovedWithPod(string containerId, string podSandboxId)
    {
        if (this.removedWithPodOrder.Count == RemovedWithPodCapacity)
        {
            this.removedWithPod.Remove(this.removedWithPodOrder.Dequeue());
        }

        this.removedWithPod[containerId] = podSandboxId;
        this.removedWithPodOrder.Enqueue(containerId);
    }

    /// <summary>Gives each pod an address in 10.88.0.0/16, the range of containerd's default CNI config.</summary>
    private string AllocateAddress()
    {
        var n = this.allocatedAddresses++;
        return $"10.88.{n / 253 % 256}.{(n % 253) + 2}";
    }

    /// <summary>Sends an event with the pod's status and its containers' statuses, as the CRI's event stream carries them.</summary>
    private void Publish(string containerId, PodSandboxRecord sandbox, ContainerEventType type)
    {
        if (!events.HasSubscribers)
        {
            return;
        }

        events.Publish(new ContainerEventResponse
        {
            ContainerId = containerId,
            ContainerEventType = type,
            CreatedAt = timeProvider.GetUnixNanoseconds(),
            PodSandboxStatus = sandbox.ToStatus(),
            ContainersStatuses = { this.ContainersOf(sandbox).Select(container => container.ToStatus()) },
        });
    }

    private RpcException NotFound(string kind, string id)
    {
        SampleRuntimeLog.NotFound(logger, kind, id);
        return new RpcException(new Status(StatusCode.NotFound, $"{kind} \"{id}\" not found"));
    }

    private RpcException NameReserved(string kind, string name, string holderId)
    {
        SampleRuntimeLog.NameReserved(logger, kind, name, holderId);
        return new RpcException(new Status(StatusCode.AlreadyExists, $"{kind} name {name} is reserved for {holderId}"));
    }
}
