using Cri.Protos.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Cri.Protos.Tests.SampleRuntime;

public sealed class PodLifecycleTests
{
    private static CallOptions Call => SampleRuntimeHarness.Call;

    [Fact]
    public async Task Version_names_the_runtime_and_the_v1_api()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();

        var version = await harness.Runtime.VersionAsync(new VersionRequest(), Call);

        Assert.Equal("cri-sample", version.RuntimeName);
        Assert.Equal("v1", version.RuntimeApiVersion);
        Assert.Equal("0.1.0", version.Version);
        Assert.NotEmpty(version.RuntimeVersion);
    }

    [Fact]
    public async Task Status_reports_runtime_and_network_ready_and_verbose_adds_info()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();

        var status = await harness.Runtime.StatusAsync(new StatusRequest(), Call);
        var verbose = await harness.Runtime.StatusAsync(new StatusRequest { Verbose = true }, Call);

        Assert.Equal(["RuntimeReady", "NetworkReady"], status.Status.Conditions.Select(c => c.Type));
        Assert.All(status.Status.Conditions, condition => Assert.True(condition.Status));
        Assert.Empty(status.Info);
        Assert.Equal("cri-sample", verbose.Info["runtimeName"]);
        Assert.Equal("0", verbose.Info["podSandboxes"]);
    }

    [Fact]
    public async Task A_pod_and_its_container_go_through_every_state()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var podConfig = SampleRuntimeHarness.PodConfig("web", ("app", "web"));

        var podId = (await harness.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig, RuntimeHandler = "runc" }, Call)).PodSandboxId;
        var pod = (await harness.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = podId }, Call)).Status;
        Assert.Matches("^[0-9a-f]{64}$", podId);
        Assert.Equal(PodSandboxState.SandboxReady, pod.State);
        Assert.Equal(podConfig.Metadata, pod.Metadata);
        Assert.Equal("web", pod.Labels["app"]);
        Assert.Equal("tests", pod.Annotations["example.com/owner"]);
        Assert.Equal("runc", pod.RuntimeHandler);
        Assert.StartsWith("10.88.", pod.Network.Ip, StringComparison.Ordinal);
        AssertRecentNanoseconds(pod.CreatedAt);

        var containerId = await harness.CreateContainerAsync(podId, "nginx", "busybox", ("tier", "front"));
        var created = (await harness.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = containerId }, Call)).Status;
        Assert.Matches("^[0-9a-f]{64}$", containerId);
        Assert.Equal(ContainerState.ContainerCreated, created.State);
        Assert.Equal("nginx", created.Metadata.Name);
        Assert.Equal("front", created.Labels["tier"]);
        Assert.Equal("docker.io/library/busybox:latest", created.Image.Image);
        Assert.Equal("busybox", created.Image.UserSpecifiedImage);
        Assert.Matches("^sha256:[0-9a-f]{64}$", created.ImageId);
        Assert.StartsWith("docker.io/library/busybox@sha256:", created.ImageRef, StringComparison.Ordinal);
        Assert.Equal("/var/log/pods/default_web/nginx/0.log", created.LogPath);
        AssertRecentNanoseconds(created.CreatedAt);
        Assert.Equal(0, created.StartedAt);

        await harness.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = containerId }, Call);
        var running = (await harness.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = containerId }, Call)).Status;
        Assert.Equal(ContainerState.ContainerRunning, running.State);
        Assert.True(running.StartedAt >= running.CreatedAt);
        Assert.Equal(0, running.FinishedAt);

        await harness.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = containerId, Timeout = 10 }, Call);
        var exited = (await harness.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = containerId }, Call)).Status;
        Assert.Equal(ContainerState.ContainerExited, exited.State);
        Assert.True(exited.FinishedAt >= exited.StartedAt);
        Assert.Equal(0, exited.ExitCode);
        Assert.Equal("Completed", exited.Reason);

        await harness.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = containerId }, Call);
        await AssertStatusAsync(StatusCode.NotFound, () => harness.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = containerId }, Call));

        await harness.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = podId }, Call);
        var stopped = (await harness.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = podId }, Call)).Status;
        Assert.Equal(PodSandboxState.SandboxNotready, stopped.State);

        await harness.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId }, Call);
        await AssertStatusAsync(StatusCode.NotFound, () => harness.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = podId }, Call));
        Assert.Contains(harness.Logs.Entries, log => log.Level == LogLevel.Information && log.Message == $"Created container {containerId} (nginx) in pod sandbox {podId}");
    }

    [Fact]
    public async Task Pod_status_lists_its_containers_and_verbose_adds_the_config()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var podId = await harness.RunPodAsync("pod");
        var first = await harness.StartContainerAsync(podId, "first");
        var second = await harness.CreateContainerAsync(podId, "second");

        var status = await harness.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = podId, Verbose = true }, Call);

        Assert.Equal([first, second], status.ContainersStatuses.Select(c => c.Id));
        Assert.Equal([ContainerState.ContainerRunning, ContainerState.ContainerCreated], status.ContainersStatuses.Select(c => c.State));
        Assert.Contains("\"hostname\": \"pod\"", status.Info["config"], StringComparison.Ordinal);
        AssertRecentNanoseconds(status.Timestamp);
    }

    [Fact]
    public async Task Unknown_ids_are_not_found()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var unknown = new string('a', 64);
        var runtime = harness.Runtime;

        await AssertStatusAsync(StatusCode.NotFound, () => runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = unknown }, Call));
        await AssertStatusAsync(StatusCode.NotFound, () => runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = unknown }, Call));
        await AssertStatusAsync(StatusCode.NotFound, () => runtime.StartContainerAsync(new StartContainerRequest { ContainerId = unknown }, Call));
        await AssertStatusAsync(StatusCode.NotFound, () => runtime.StopContainerAsync(new StopContainerRequest { ContainerId = unknown }, Call));
        await AssertStatusAsync(StatusCode.NotFound, () => runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = unknown, Cmd = { "true" } }, Call));
        await AssertStatusAsync(StatusCode.NotFound, () => runtime.ContainerStatsAsync(new ContainerStatsRequest { ContainerId = unknown }, Call));
        await AssertStatusAsync(StatusCode.NotFound, () => runtime.CreateContainerAsync(
            new CreateContainerRequest { PodSandboxId = unknown, Config = SampleRuntimeHarness.ContainerConfig("c") },
            Call));
        Assert.Contains(harness.Logs.Entries, log => log.Level == LogLevel.Warning && log.EventName == "NotFound");
    }

    [Fact]
    public async Task Removes_and_stops_of_what_is_gone_succeed()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var podId = await harness.RunPodAsync("pod");
        var containerId = await harness.CreateContainerAsync(podId, "c");
        var unknown = new string('b', 64);

        for (var i = 0; i < 2; i++)
        {
            await harness.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = containerId }, Call);
            await harness.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = podId }, Call);
            await harness.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId }, Call);
        }

        await harness.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = unknown }, Call);
        await harness.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = unknown }, Call);
        await harness.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = unknown }, Call);
        await harness.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = "never/pulled" } }, Call);

        Assert.Empty((await harness.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), Call)).Items);
    }

    [Fact]
    public async Task Starting_a_container_whose_pod_was_removed_fails_the_precondition_and_logs_why()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var podId = await harness.RunPodAsync("pod");
        var containerId = await harness.CreateContainerAsync(podId, "c");
        await harness.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId }, Call);

        var failure = await AssertStatusAsync(StatusCode.FailedPrecondition, () => harness.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = containerId }, Call));

        Assert.Contains(podId, failure.Status.Detail, StringComparison.Ordinal);
        var log = Assert.Single(harness.Logs.Entries, log => log.EventName == "StartInRemovedPod");
        Assert.Equal(LogLevel.Error, log.Level);
        Assert.Contains(containerId, log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_a_container_of_a_stopped_pod_fails_the_precondition()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var podId = await harness.RunPodAsync("pod");
        var containerId = await harness.CreateContainerAsync(podId, "c");
        await harness.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = podId }, Call);

        await AssertStatusAsync(StatusCode.FailedPrecondition, () => harness.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = containerId }, Call));
        await AssertStatusAsync(StatusCode.FailedPrecondition, () => harness.Runtime.CreateContainerAsync(
            new CreateContainerRequest { PodSandboxId = podId, Config = SampleRuntimeHarness.ContainerConfig("late") },
            Call));

        Assert.Contains(harness.Logs.Entries, log => log.Level == LogLevel.Error && log.EventName == "StartInNotReadyPod");
    }

    [Fact]
    public async Task Only_a_created_container_can_start()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var podId = await harness.RunPodAsync("pod");
        var containerId = await harness.StartContainerAsync(podId, "c");

        await AssertStatusAsync(StatusCode.FailedPrecondition, () => harness.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = containerId }, Call));
        await harness.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = containerId }, Call);
        await AssertStatusAsync(StatusCode.FailedPrecondition, () => harness.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = containerId }, Call));
    }

    [Fact]
    public async Task Stopping_a_pod_kills_its_running_containers_and_removing_it_removes_them()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var podId = await harness.RunPodAsync("pod");
        var running = await harness.StartContainerAsync(podId, "running");
        var created = await harness.CreateContainerAsync(podId, "created");

        await harness.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = podId }, Call);
        var killed = (await harness.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = running }, Call)).Status;
        var untouched = (await harness.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = created }, Call)).Status;
        Assert.Equal(ContainerState.ContainerExited, killed.State);
        Assert.Equal(137, killed.ExitCode);
        Assert.Equal(ContainerState.ContainerCreated, untouched.State);

        await harness.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId }, Call);
        Assert.Empty((await harness.Runtime.ListContainersAsync(new ListContainersRequest(), Call)).Containers);
    }

    [Fact]
    public async Task Removing_a_running_container_kills_it()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var podId = await harness.RunPodAsync("pod");
        var containerId = await harness.StartContainerAsync(podId, "c");

        await harness.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = containerId }, Call);

        Assert.Contains(harness.Logs.Entries, log => log.Message == $"Stopped container {containerId} with exit code 137");
        Assert.Empty((await harness.Runtime.ListContainersAsync(new ListContainersRequest(), Call)).Containers);
    }

    [Fact]
    public async Task Status_calls_accept_a_unique_id_prefix()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var podId = await harness.RunPodAsync("pod");
        var containerId = await harness.CreateContainerAsync(podId, "c");

        var pod = await harness.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = podId[..12] }, Call);
        var container = await harness.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = containerId[..12] }, Call);

        Assert.Equal(podId, pod.Status.Id);
        Assert.Equal(containerId, container.Status.Id);
    }

    [Fact]
    public async Task A_pod_or_container_name_is_reserved_until_removed()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var config = SampleRuntimeHarness.PodConfig("pod");
        var podId = (await harness.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config }, Call)).PodSandboxId;
        await harness.CreateContainerAsync(podId, "c");

        await AssertStatusAsync(StatusCode.AlreadyExists, () => harness.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config }, Call));
        await AssertStatusAsync(StatusCode.AlreadyExists, () => harness.CreateContainerAsync(podId, "c"));

        await harness.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId }, Call);
        var again = await harness.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config }, Call);
        Assert.NotEqual(podId, again.PodSandboxId);
    }

    [Fact]
    public async Task Requests_without_required_fields_are_invalid()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var podId = await harness.RunPodAsync("pod");

        await AssertStatusAsync(StatusCode.InvalidArgument, () => harness.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = new PodSandboxConfig() }, Call));
        await AssertStatusAsync(StatusCode.InvalidArgument, () => harness.Runtime.CreateContainerAsync(
            new CreateContainerRequest { PodSandboxId = podId, Config = new ContainerConfig { Metadata = new ContainerMetadata { Name = "no-image" } } },
            Call));
        await AssertStatusAsync(StatusCode.InvalidArgument, () => harness.Runtime.ContainerStatusAsync(new ContainerStatusRequest(), Call));
    }

    [Fact]
    public async Task Stats_report_usage_for_running_containers_only()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var podId = await harness.RunPodAsync("pod");
        var running = await harness.StartContainerAsync(podId, "running");
        var created = await harness.CreateContainerAsync(podId, "created");

        var runningStats = (await harness.Runtime.ContainerStatsAsync(new ContainerStatsRequest { ContainerId = running }, Call)).Stats;
        var all = await harness.Runtime.ListContainerStatsAsync(new ListContainerStatsRequest { Filter = new ContainerStatsFilter { PodSandboxId = podId } }, Call);

        Assert.Equal(running, runningStats.Attributes.Id);
        Assert.True(runningStats.Memory.WorkingSetBytes.Value > 0);
        Assert.True(runningStats.Cpu.UsageNanoCores.Value > 0);
        Assert.Equal([running, created], all.Stats.Select(s => s.Attributes.Id));
        Assert.Equal(0UL, all.Stats[1].Memory.WorkingSetBytes.Value);
    }

    [Fact]
    public async Task Runtime_config_calls_are_accepted()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();

        await harness.Runtime.UpdateRuntimeConfigAsync(
            new UpdateRuntimeConfigRequest { RuntimeConfig = new RuntimeConfig { NetworkConfig = new NetworkConfig { PodCidr = "10.88.0.0/16" } } },
            Call);
        var config = await harness.Runtime.RuntimeConfigAsync(new RuntimeConfigRequest(), Call);

        Assert.Equal(CgroupDriver.Systemd, config.Linux.CgroupDriver);
        Assert.Contains(harness.Logs.Entries, log => log.Message == "Updated runtime config: pod CIDR 10.88.0.0/16");
    }

    internal static async Task<RpcException> AssertStatusAsync(StatusCode expected, Func<Task> call)
    {
        var failure = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, failure.StatusCode);
        return failure;
    }

    internal static Task<RpcException> AssertStatusAsync<TResponse>(StatusCode expected, Func<AsyncUnaryCall<TResponse>> call)
        => AssertStatusAsync(expected, () => call().ResponseAsync);

    private static void AssertRecentNanoseconds(long timestamp)
    {
        var now = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * TimeSpan.NanosecondsPerTick;
        Assert.InRange(timestamp, now - TimeSpan.FromMinutes(5).Ticks * TimeSpan.NanosecondsPerTick, now);
    }
}
