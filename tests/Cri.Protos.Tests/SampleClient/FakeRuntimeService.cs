using System.Collections.Concurrent;
using System.Text;
using Cri.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Cri.Protos.Tests.SampleClient;

/// <summary>An in-memory RuntimeService for the client's commands: enough state to run, list, inspect and remove, and every request recorded.</summary>
internal sealed class FakeRuntimeService : RuntimeService.RuntimeServiceBase
{
    private readonly ConcurrentDictionary<string, PodSandbox> pods = new();
    private readonly ConcurrentDictionary<string, Container> containers = new();

    /// <summary>Gets the time every created object is stamped with.</summary>
    public static DateTimeOffset CreatedAt { get; } = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Gets the requests received, in order.</summary>
    public ConcurrentQueue<IMessage> Requests { get; } = new();

    /// <summary>Gets the events <c>GetContainerEvents</c> sends before it waits for the caller to go away.</summary>
    public List<ContainerEventResponse> Events { get; } = [];

    /// <summary>Gets a task that completes once a <c>GetContainerEvents</c> stream has sent its events.</summary>
    public TaskCompletionSource EventsSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public T Last<T>()
        where T : IMessage => this.Requests.OfType<T>().Last();

    public override Task<VersionResponse> Version(VersionRequest request, ServerCallContext context)
        => this.Answer(request, new VersionResponse { Version = "0.1.0", RuntimeName = "fake", RuntimeVersion = "1.2.3", RuntimeApiVersion = "v1" });

    public override Task<StatusResponse> Status(StatusRequest request, ServerCallContext context)
        => this.Answer(request, new StatusResponse
        {
            Status = new RuntimeStatus { Conditions = { new RuntimeCondition { Type = "RuntimeReady", Status = true } } },
            Info = { ["config"] = "{}" },
        });

    public override Task<RunPodSandboxResponse> RunPodSandbox(RunPodSandboxRequest request, ServerCallContext context)
    {
        var pod = new PodSandbox
        {
            Id = NewId(),
            Metadata = request.Config.Metadata,
            State = PodSandboxState.SandboxReady,
            CreatedAt = ToUnixNanoseconds(CreatedAt),
            Labels = { request.Config.Labels },
            Annotations = { request.Config.Annotations },
            RuntimeHandler = request.RuntimeHandler,
        };
        this.pods[pod.Id] = pod;
        return this.Answer(request, new RunPodSandboxResponse { PodSandboxId = pod.Id });
    }

    public override Task<StopPodSandboxResponse> StopPodSandbox(StopPodSandboxRequest request, ServerCallContext context)
    {
        this.FindPod(request.PodSandboxId).State = PodSandboxState.SandboxNotready;
        return this.Answer(request, new StopPodSandboxResponse());
    }

    public override Task<RemovePodSandboxResponse> RemovePodSandbox(RemovePodSandboxRequest request, ServerCallContext context)
    {
        this.pods.TryRemove(request.PodSandboxId, out _);
        return this.Answer(request, new RemovePodSandboxResponse());
    }

    public override Task<PodSandboxStatusResponse> PodSandboxStatus(PodSandboxStatusRequest request, ServerCallContext context)
    {
        var pod = this.FindPod(request.PodSandboxId);
        var status = new PodSandboxStatus
        {
            Id = pod.Id,
            Metadata = pod.Metadata,
            State = pod.State,
            CreatedAt = pod.CreatedAt,
            Labels = { pod.Labels },
            Annotations = { pod.Annotations },
            RuntimeHandler = pod.RuntimeHandler,
        };
        return this.Answer(request, new PodSandboxStatusResponse { Status = status });
    }

    public override Task<ListPodSandboxResponse> ListPodSandbox(ListPodSandboxRequest request, ServerCallContext context)
    {
        var filter = request.Filter ?? new PodSandboxFilter();
        var items = this.pods.Values.Where(p =>
            (filter.Id.Length == 0 || p.Id == filter.Id)
            && (filter.State is null || p.State == filter.State.State)
            && filter.LabelSelector.All(l => p.Labels.TryGetValue(l.Key, out var value) && value == l.Value));
        return this.Answer(request, new ListPodSandboxResponse { Items = { items } });
    }

    public override Task<CreateContainerResponse> CreateContainer(CreateContainerRequest request, ServerCallContext context)
    {
        this.FindPod(request.PodSandboxId);
        var container = new Container
        {
            Id = NewId(),
            PodSandboxId = request.PodSandboxId,
            Metadata = request.Config.Metadata,
            Image = request.Config.Image,
            State = ContainerState.ContainerCreated,
            CreatedAt = ToUnixNanoseconds(CreatedAt),
            Labels = { request.Config.Labels },
        };
        this.containers[container.Id] = container;
        return this.Answer(request, new CreateContainerResponse { ContainerId = container.Id });
    }

    public override Task<StartContainerResponse> StartContainer(StartContainerRequest request, ServerCallContext context)
    {
        this.FindContainer(request.ContainerId).State = ContainerState.ContainerRunning;
        return this.Answer(request, new StartContainerResponse());
    }

    public override Task<StopContainerResponse> StopContainer(StopContainerRequest request, ServerCallContext context)
    {
        this.FindContainer(request.ContainerId).State = ContainerState.ContainerExited;
        return this.Answer(request, new StopContainerResponse());
    }

    public override Task<RemoveContainerResponse> RemoveContainer(RemoveContainerRequest request, ServerCallContext context)
    {
        this.containers.TryRemove(request.ContainerId, out _);
        return this.Answer(request, new RemoveContainerResponse());
    }

    public override Task<ListContainersResponse> ListContainers(ListContainersRequest request, ServerCallContext context)
    {
        var filter = request.Filter ?? new ContainerFilter();
        var items = this.containers.Values.Where(c =>
            (filter.Id.Length == 0 || c.Id == filter.Id)
            && (filter.PodSandboxId.Length == 0 || c.PodSandboxId == filter.PodSandboxId)
            && (filter.State is null || c.State == filter.State.State)
            && filter.LabelSelector.All(l => c.Labels.TryGetValue(l.Key, out var value) && value == l.Value));
        return this.Answer(request, new ListContainersResponse { Containers = { items } });
    }

    public override Task<ContainerStatusResponse> ContainerStatus(ContainerStatusRequest request, ServerCallContext context)
    {
        var container = this.FindContainer(request.ContainerId);
        var status = new ContainerStatus { Id = container.Id, Metadata = container.Metadata, State = container.State, Image = container.Image, CreatedAt = container.CreatedAt };
        return this.Answer(request, new ContainerStatusResponse { Status = status });
    }

    /// <summary>Runs <c>exit N</c> as exiting with N and a line on stderr; echoes any other command to stdout.</summary>
    public override Task<ExecSyncResponse> ExecSync(ExecSyncRequest request, ServerCallContext context)
    {
        this.FindContainer(request.ContainerId);
        var response = request.Cmd is ["exit", var code]
            ? new ExecSyncResponse { ExitCode = int.Parse(code, System.Globalization.CultureInfo.InvariantCulture), Stderr = ByteString.CopyFromUtf8($"exiting with {code}\n") }
            : new ExecSyncResponse { Stdout = ByteString.CopyFrom(Encoding.UTF8.GetBytes(string.Join(' ', request.Cmd) + "\n")) };
        return this.Answer(request, response);
    }

    public override async Task GetContainerEvents(GetEventsRequest request, IServerStreamWriter<ContainerEventResponse> responseStream, ServerCallContext context)
    {
        this.Requests.Enqueue(request);
        foreach (var containerEvent in this.Events)
        {
            await responseStream.WriteAsync(containerEvent, context.CancellationToken);
        }

        this.EventsSent.TrySetResult();
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
    }

    internal static long ToUnixNanoseconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static string NewId() => Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    private Task<T> Answer<T>(IMessage request, T response)
    {
        this.Requests.Enqueue(request);
        return Task.FromResult(response);
    }

    private PodSandbox FindPod(string id)
        => this.pods.TryGetValue(id, out var pod) ? pod : throw new RpcException(new Status(StatusCode.NotFound, $"pod sandbox \"{id}\" not found"));

    private Container FindContainer(string id)
        => this.containers.TryGetValue(id, out var container) ? container : throw new RpcException(new Status(StatusCode.NotFound, $"container \"{id}\" not found"));
}
