using Cri.Protos.V1;
using Grpc.Core;

namespace Cri.Protos.Tests.SampleRuntime;

public sealed class ContainerEventsTests
{
    private static CallOptions Call => SampleRuntimeHarness.Call;

    [Fact]
    public async Task Every_subscriber_sees_a_container_created_started_stopped_and_deleted_in_order()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var first = ReadEventsAsync(harness, "pod", ContainerEventType.ContainerDeletedEvent);
        var second = ReadEventsAsync(harness, "pod", ContainerEventType.ContainerDeletedEvent);
        await harness.Logs.WaitForAsync(log => log.EventName == "EventSubscriberAdded" && log.Message.Contains("(2 subscribed)", StringComparison.Ordinal));

        var podId = await harness.RunPodAsync("pod");
        var sidecar = await harness.CreateContainerAsync(podId, "sidecar");
        var containerId = await harness.StartContainerAsync(podId, "app");
        await harness.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = containerId }, Call);
        await harness.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = containerId }, Call);
        await harness.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId }, Call);

        foreach (var events in new[] { await first, await second })
        {
            var app = events.Where(e => e.ContainerId == containerId).ToList();
            Assert.Equal(
                [ContainerEventType.ContainerCreatedEvent, ContainerEventType.ContainerStartedEvent, ContainerEventType.ContainerStoppedEvent, ContainerEventType.ContainerDeletedEvent],
                app.Select(e => e.ContainerEventType));
            Assert.All(app, e => Assert.Equal(podId, e.PodSandboxStatus.Id));
            Assert.All(app, e => Assert.True(e.CreatedAt > 0));
            Assert.Equal([sidecar, containerId], app[1].ContainersStatuses.Select(s => s.Id));
            Assert.Equal(ContainerState.ContainerRunning, app[1].ContainersStatuses[1].State);
            Assert.Equal(ContainerState.ContainerExited, app[2].ContainersStatuses[1].State);
            Assert.Equal([sidecar], app[3].ContainersStatuses.Select(s => s.Id));

            // Like containerd, the sandbox reports its own lifecycle on the stream.
            Assert.Equal(
                [ContainerEventType.ContainerCreatedEvent, ContainerEventType.ContainerStartedEvent, ContainerEventType.ContainerStoppedEvent, ContainerEventType.ContainerDeletedEvent],
                events.Where(e => e.ContainerId == podId).Select(e => e.ContainerEventType));
        }

        await harness.Logs.WaitForAsync(log => log.EventName == "EventSubscriberRemoved" && log.Message.Contains("(0 subscribed)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Events_before_the_subscription_are_not_replayed()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var earlyPod = await harness.RunPodAsync("early");
        var reading = ReadEventsAsync(harness, "late", ContainerEventType.ContainerStartedEvent);
        await harness.Logs.WaitForAsync(log => log.EventName == "EventSubscriberAdded");

        var latePod = await harness.RunPodAsync("late");
        var events = await reading;

        Assert.DoesNotContain(events, e => e.ContainerId == earlyPod);
        Assert.Contains(events, e => e.ContainerId == latePod);
    }

    [Fact]
    public async Task Shutdown_ends_open_subscriptions_as_unavailable()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var reading = ReadEventsAsync(harness, "never", ContainerEventType.ContainerDeletedEvent);
        await harness.Logs.WaitForAsync(log => log.EventName == "EventSubscriberAdded");

        await harness.StopServerAsync();

        var failure = await Assert.ThrowsAsync<RpcException>(() => reading);
        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);
        Assert.Equal("the runtime is shutting down", failure.Status.Detail);
    }

    /// <summary>Reads the stream up to the given event of a pod sandbox itself, then leaves it.</summary>
    private static async Task<List<ContainerEventResponse>> ReadEventsAsync(SampleRuntimeHarness harness, string podName, ContainerEventType last)
    {
        var events = new List<ContainerEventResponse>();
        using var call = harness.Runtime.GetContainerEvents(new GetEventsRequest(), Call);
        await foreach (var containerEvent in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            events.Add(containerEvent);
            if (containerEvent.ContainerId == containerEvent.PodSandboxStatus.Id
                && containerEvent.PodSandboxStatus.Metadata.Name == podName
                && containerEvent.ContainerEventType == last)
            {
                break;
            }
        }

        return events;
    }
}
