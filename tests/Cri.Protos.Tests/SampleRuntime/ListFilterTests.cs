using Cri.Protos.V1;
using Grpc.Core;

namespace Cri.Protos.Tests.SampleRuntime;

public sealed class ListFilterTests
{
    private static CallOptions Call => SampleRuntimeHarness.Call;

    [Fact]
    public async Task Pods_filter_by_id_state_and_labels()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var web = await harness.RunPodAsync("web", ("app", "web"), ("env", "prod"));
        var db = await harness.RunPodAsync("db", ("app", "db"), ("env", "prod"));
        var old = await harness.RunPodAsync("old", ("app", "web"), ("env", "dev"));
        await harness.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = old }, Call);

        Assert.Equal([web, db, old], await ListAsync(null));
        Assert.Equal([web], await ListAsync(new PodSandboxFilter { Id = web }));
        Assert.Equal([db], await ListAsync(new PodSandboxFilter { Id = db[..10] }));
        Assert.Equal([web, db], await ListAsync(new PodSandboxFilter { State = new PodSandboxStateValue { State = PodSandboxState.SandboxReady } }));
        Assert.Equal([old], await ListAsync(new PodSandboxFilter { State = new PodSandboxStateValue { State = PodSandboxState.SandboxNotready } }));
        Assert.Equal([web, old], await ListAsync(new PodSandboxFilter { LabelSelector = { ["app"] = "web" } }));
        Assert.Equal([web], await ListAsync(new PodSandboxFilter { LabelSelector = { ["app"] = "web", ["env"] = "prod" } }));
        Assert.Empty(await ListAsync(new PodSandboxFilter { LabelSelector = { ["app"] = "cache" } }));

        async Task<string[]> ListAsync(PodSandboxFilter? filter)
            => [.. (await harness.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = filter }, Call)).Items.Select(pod => pod.Id)];
    }

    [Fact]
    public async Task Containers_filter_by_id_state_pod_and_labels()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var first = await harness.RunPodAsync("first");
        var second = await harness.RunPodAsync("second");
        var app = await harness.CreateContainerAsync(first, "app", "busybox", ("role", "app"));
        var sidecar = await harness.CreateContainerAsync(first, "sidecar", "busybox", ("role", "proxy"));
        var other = await harness.CreateContainerAsync(second, "app", "busybox", ("role", "app"));
        await harness.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = app }, Call);

        Assert.Equal([app, sidecar, other], await ListAsync(null));
        Assert.Equal([sidecar], await ListAsync(new ContainerFilter { Id = sidecar }));
        Assert.Equal([app, sidecar], await ListAsync(new ContainerFilter { PodSandboxId = first }));
        Assert.Equal([app], await ListAsync(new ContainerFilter { State = new ContainerStateValue { State = ContainerState.ContainerRunning } }));
        Assert.Equal([sidecar, other], await ListAsync(new ContainerFilter { State = new ContainerStateValue { State = ContainerState.ContainerCreated } }));
        Assert.Equal([app, other], await ListAsync(new ContainerFilter { LabelSelector = { ["role"] = "app" } }));
        Assert.Equal([other], await ListAsync(new ContainerFilter { PodSandboxId = second, LabelSelector = { ["role"] = "app" } }));

        var listed = (await harness.Runtime.ListContainersAsync(new ListContainersRequest { Filter = new ContainerFilter { Id = app } }, Call)).Containers.Single();
        Assert.Equal(first, listed.PodSandboxId);
        Assert.Equal("app", listed.Metadata.Name);
        Assert.Equal("docker.io/library/busybox:latest", listed.Image.Image);
        Assert.Matches("^sha256:[0-9a-f]{64}$", listed.ImageId);
        Assert.True(listed.CreatedAt > 0);

        async Task<string[]> ListAsync(ContainerFilter? filter)
            => [.. (await harness.Runtime.ListContainersAsync(new ListContainersRequest { Filter = filter }, Call)).Containers.Select(container => container.Id)];
    }
}
