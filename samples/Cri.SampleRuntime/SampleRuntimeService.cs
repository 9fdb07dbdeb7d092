using Grpc.Core;
using System.Globalization;
using Cri.Protos;
using Cri.Protos.V1;

namespace Cri.SampleRuntime;

/// <summary>
/// <c>runtime.v1.RuntimeService</c> over the in-memory state: validates requests, runs the
/// simulated phases of the slow calls, and leaves every state change to <see cref="RuntimeState"/>.
/// </summary>
internal sealed class SampleRuntimeService(
    RuntimeState state,
    ImageStore images,
    PhaseSimulator phases,
    ContainerEventHub events,
    IHostApplicationLifetime lifetime,
    ILogger<SampleRuntimeService> logger) : RuntimeService.RuntimeServiceBase
{
    private const string RuntimeName = "cri-sample";
    private const string RuntimeApiVersion = "v1";

    /// <summary>The version of the kubelet runtime API, which every v1 runtime reports as 0.1.0.</summary>
    private const string KubeletApiVersion = "0.1.0";

    private static readonly string RuntimeVersion = typeof(SampleRuntimeService).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public override Task<VersionResponse> Version(VersionRequest request, ServerCallContext context)
        => Task.FromResult(new VersionResponse
        {
            Version = KubeletApiVersion,
            RuntimeName = RuntimeName,
            RuntimeVersion = RuntimeVersion,
            RuntimeApiVersion = RuntimeApiVersion,
        });

    public override Task<StatusResponse> Status(StatusRequest request, ServerCallContext context)
    {
        var response = new StatusResponse
        {
            Status = new RuntimeStatus
            {
                Conditions =
                {
                    new RuntimeCondition { Type = "RuntimeReady", Status = true },
                    new RuntimeCondition { Type = "NetworkReady", Status = true },
                },
            },
            RuntimeHandlers = { new RuntimeHandler { Name = string.Empty, Features = new RuntimeHandlerFeatures() } },
            Features = new RuntimeFeatures(),
        };

        if (request.Verbose)
        {
            var (podSandboxes, containers) = state.GetCounts();
            response.Info.Add("runtimeName", RuntimeName);
            response.Info.Add("runtimeVersion", RuntimeVersion);
            response.Info.Add("podSandboxes", podSandboxes.ToString(CultureInfo.InvariantCulture));
            response.Info.Add("containers", containers.ToString(CultureInfo.InvariantCulture));
            response.Info.Add("images", images.GetUsage().Count.ToString(CultureInfo.InvariantCulture));
            response.Info.Add("eventSubscribers", events.SubscriberCount.ToString(CultureInfo.InvariantCulture));
        }

        return Task.FromResult(response);
    }

    public override Task<UpdateRuntimeConfigResponse> UpdateRuntimeConfig(UpdateRuntimeConfigRequest request, ServerCallContext context)
    {
        // Nothing is wired to a network here; the kubelet only needs the call accepted.
        SampleRuntimeLog.UpdatedRuntimeConfig(logger, request.RuntimeConfig?.NetworkConfig?.PodCidr ?? string.Empty);
        return Task.FromResult(new UpdateRuntimeConfigResponse());
    }

    public override Task<RuntimeConfigResponse> RuntimeConfig(RuntimeConfigRequest request, ServerCallContext context)
        => Task.FromResult(new RuntimeConfigResponse { Linux = new LinuxRuntimeConfiguration { CgroupDriver = CgroupDriver.Systemd } });

    public override async Task<RunPodSandboxResponse> RunPodSandbox(RunPodSandboxRequest request, ServerCallContext context)
    {
        if (request.Config is not { Metadata: { Name.Length: > 0, Namespace.Length: > 0 } metadata } config)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the sandbox config needs metadata with a name and a namespace"));
        }

        SampleRuntimeLog.RunningPodSandbox(logger, metadata.Namespace, metadata.Name, metadata.Attempt);
        var id = RuntimeState.NewId();
        var tags = PhaseSimulator.PodTags(metadata, id);
        await phases.RunAsync(RuntimePhases.SetupNetwork, tags, context.CancellationToken);
        await phases.RunAsync(RuntimePhases.CreateSandboxContainer, tags, context.CancellationToken);
        await phases.RunAsync(RuntimePhases.StartSandboxContainer, tags, context.CancellationToken);
        state.AddSandbox(id, config, request.RuntimeHandler);
        return new RunPodSandboxResponse { PodSandboxId = id };
    }

    public override Task<StopPodSandboxResponse> StopPodSandbox(StopPodSandboxRequest request, ServerCallContext context)
    {
        state.StopSandbox(request.PodSandboxId);
        return Task.FromResult(new StopPodSandboxResponse());
    }

    public override Task<RemovePodSandboxResponse> RemovePodSandbox(RemovePodSandboxRequest request, ServerCallContext context)
    {
        state.RemoveSandbox(request.PodSandboxId);
        return Task.FromResult(new RemovePodSandboxResponse());
    }

    public override Task<PodSandboxStatusResponse> PodSandboxStatus(PodSandboxStatusRequest request, ServerCallContext context)
        => Task.FromResult(state.GetSandboxStatus(request.PodSandboxId, request.Verbose));

    public override Task<ListPodSandboxResponse> ListPodSandbox(ListPodSandboxRequest request, ServerCallContext context)
        => Task.FromResult(state.ListSandboxes(request.Filter));

    public override async Task<CreateContainerResponse> CreateContainer(CreateContainerRequest request, ServerCallContext context)
    {
        var config = request.Config;
        if (config?.Metadata is null || config.Metadata.Name.Length == 0 || string.IsNullOrEmpty(config.Image?.Image))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the container config needs metadata with a name, and an image"));
        }

        var sandbox = state.GetReadySandbox(request.PodSandboxId, config.Metadata.Name);
        SampleRuntimeLog.CreatingContainer(logger, config.Metadata.Name, sandbox.Id);

        // The kubelet pulls first; a container whose image is missing pulls it here, as crictl users expect.
        var image = images.Find(config.Image.Image)
            ?? await images.PullAsync(config.Image.Image, withCredentials: false, context.CancellationToken);
        var id = RuntimeState.NewId();
        var tags = PhaseSimulator.ContainerTags(sandbox, config.Metadata.Name, id, image.DisplayName);
        await phases.RunAsync(RuntimePhases.CreateRootfs, tags, context.CancellationToken);
        await phases.RunAsync(RuntimePhases.WriteConfig, tags, context.CancellationToken);
        state.AddContainer(id, sandbox, config, image);
        return new CreateContainerResponse { ContainerId = id };
    }

    public override async Task<StartContainerResponse> StartContainer(StartContainerRequest request, ServerCallContext context)
    {
        var container = state.BeginStart(request.ContainerId);
        var tags = PhaseSimulator.ContainerTags(container.Sandbox, container.Name, container.Id, container.Image.DisplayName);
        try
        {
            await phases.RunAsync(RuntimePhases.MountRootfs, tags, context.CancellationToken);
            await phases.RunAsync(RuntimePhases.StartProcess, tags, context.CancellationToken);
            await phases.RunAsync(RuntimePhases.PostStartHooks, tags, context.CancellationToken);
        }
        catch
        {
            state.AbortStart(container);
            throw;
        }

        state.CompleteStart(container);
        return new StartContainerResponse();
    }

    public override Task<StopContainerResponse> StopContainer(StopContainerRequest request, ServerCallContext context)
    {
        state.StopContainer(request.ContainerId);
        return Task.FromResult(new StopContainerResponse());
    }

    public override Task<RemoveContainerResponse> RemoveContainer(RemoveContainerRequest request, ServerCallContext context)
    {
        state.RemoveContainer(request.ContainerId);
        return Task.FromResult(new RemoveContainerResponse());
    }

    public override Task<ListContainersResponse> ListContainers(ListContainersRequest request, ServerCallContext context)
        => Task.FromResult(state.ListContainers(request.Filter));

    public override Task<ContainerStatusResponse> ContainerStatus(ContainerStatusRequest request, ServerCallContext context)
        => Task.FromResult(state.GetContainerStatus(request.ContainerId, request.Verbose));

    public override Task<ExecSyncResponse> ExecSync(ExecSyncRequest request, ServerCallContext context)
    {
        var container = state.GetRunningContainer(request.ContainerId);
        var response = CommandSimulator.Run(request.Cmd, container);
        SampleRuntimeLog.ExecCompleted(logger, request.Cmd.FirstOrDefault() ?? string.Empty, container.Id, response.ExitCode);
        return Task.FromResult(response);
    }

    public override Task<ContainerStatsResponse> ContainerStats(ContainerStatsRequest request, ServerCallContext context)
        => Task.FromResult(new ContainerStatsResponse { Stats = state.GetContainerStats(request.ContainerId) });

    public override Task<ListContainerStatsResponse> ListContainerStats(ListContainerStatsRequest request, ServerCallContext context)
        => Task.FromResult(state.ListContainerStats(request.Filter));

    public override async Task GetContainerEvents(GetEventsRequest request, IServerStreamWriter<ContainerEventResponse> responseStream, ServerCallContext context)
    {
        // A subscription lasts until the caller leaves, or until shutdown, which must not wait for it.
        using var subscription = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await foreach (var containerEvent in events.ReadAllAsync(subscription.Token))
            {
                await responseStream.WriteAsync(containerEvent, subscription.Token);
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the runtime is shutting down"));
        }
    }
}
