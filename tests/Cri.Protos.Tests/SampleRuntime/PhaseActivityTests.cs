using System.Collections.Concurrent;
using System.Diagnostics;
using Cri.Protos.V1;
using Cri.SampleRuntime;
using Grpc.Core;

namespace Cri.Protos.Tests.SampleRuntime;

public sealed class PhaseActivityTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> stopped = new();
    private readonly ActivityListener listener;

    public PhaseActivityTests()
    {
        this.listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SampleRuntimeHost.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = this.stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(this.listener);
    }

    private static CallOptions Call => SampleRuntimeHarness.Call;

    [Fact]
    public async Task Each_slow_call_records_its_phases_in_order()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();

        // Names unique to this test: the listener hears every runtime in the process.
        var podName = "phases-" + Guid.NewGuid().ToString("N")[..8];
        var image = $"example.com/{podName}/app:1";
        var podId = await harness.RunPodAsync(podName);
        var containerId = await harness.CreateContainerAsync(podId, "app", image);
        await harness.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = containerId }, Call);

        var ofPod = this.stopped.Where(a => (string?)a.GetTagItem("k8s.pod.name") == podName).ToList();
        Assert.Equal(
            ["setup_network", "create_sandbox_container", "start_sandbox_container", "create_rootfs", "write_config", "mount_rootfs", "start_process", "post_start_hooks"],
            ofPod.Select(a => a.OperationName));
        Assert.All(ofPod, a => Assert.Equal(ActivityKind.Internal, a.Kind));
        Assert.All(ofPod, a => Assert.Equal("default", a.GetTagItem("k8s.namespace.name")));
        Assert.All(ofPod, a => Assert.Equal(podId, a.GetTagItem("cri.pod_sandbox.id")));
        Assert.All(ofPod.Skip(3), a => Assert.Equal(containerId, a.GetTagItem("container.id")));
        Assert.All(ofPod.Skip(3), a => Assert.Equal("app", a.GetTagItem("container.name")));
        Assert.All(ofPod.Skip(3), a => Assert.Equal(image, a.GetTagItem("container.image.name")));

        var pull = Assert.Single(this.stopped, a => (string?)a.GetTagItem("container.image.name") == image && a.OperationName == "pull_image");
        Assert.Equal(ActivityKind.Internal, pull.Kind);
    }

    [Fact]
    public async Task A_cached_image_is_not_pulled_again_by_create_container()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var podName = "cached-" + Guid.NewGuid().ToString("N")[..8];
        var image = $"example.com/{podName}/app:1";
        var podId = await harness.RunPodAsync(podName);

        await harness.CreateContainerAsync(podId, "first", image);
        await harness.CreateContainerAsync(podId, "second", image);

        Assert.Single(this.stopped, a => a.OperationName == "pull_image" && (string?)a.GetTagItem("container.image.name") == image);
        Assert.Equal(2, this.stopped.Count(a => a.OperationName == "create_rootfs" && (string?)a.GetTagItem("k8s.pod.name") == podName));
    }

    public void Dispose() => this.listener.Dispose();
}
