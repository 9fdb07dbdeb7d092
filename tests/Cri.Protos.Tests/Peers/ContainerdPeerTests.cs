using Cri.Protos.V1;
using Cri.Testing.Peers;
using Grpc.Core;

namespace Cri.Protos.Tests.Peers;

/// <summary>
/// The project's client against a real Go CRI server: Debian's containerd with a private root,
/// state and socket. Calls that reach for the network (PullImage, RunPodSandbox) are not made.
/// </summary>
public sealed class ContainerdPeerTests
{
    [Fact]
    public async Task Containerd_answers_the_project_client()
    {
        PeerTools.RequireContainerd();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var containerd = await ContainerdProcess.StartAsync(cancellationToken);
        using var channel = CriChannel.Create(containerd.Endpoint);
        var runtime = new RuntimeService.RuntimeServiceClient(channel);
        var images = new ImageService.ImageServiceClient(channel);

        // Each call gets its own ten seconds, as crictl's --timeout gives.
        CallOptions Options() => new(deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);

        var version = await RetryUntilServingAsync(() => runtime.VersionAsync(new VersionRequest { Version = "v1" }, Options()).ResponseAsync, cancellationToken);
        var status = await runtime.StatusAsync(new StatusRequest { Verbose = true }, Options());
        var pods = await runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), Options());
        var containers = await runtime.ListContainersAsync(new ListContainersRequest { Filter = new ContainerFilter { State = new ContainerStateValue { State = ContainerState.ContainerRunning } } }, Options());
        var imageList = await images.ListImagesAsync(new ListImagesRequest(), Options());
        var fs = await images.ImageFsInfoAsync(new ImageFsInfoRequest(), Options());
        var missing = await Assert.ThrowsAsync<RpcException>(() => runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = "does-not-exist" }, Options()).ResponseAsync);

        Assert.Equal("containerd", version.RuntimeName);
        Assert.Equal("v1", version.RuntimeApiVersion);
        Assert.Contains(status.Status.Conditions, c => c.Type == "RuntimeReady" && c.Status);
        Assert.Contains(status.Status.Conditions, c => c.Type == "NetworkReady" && !c.Status);
        Assert.NotEmpty(status.Info);
        Assert.Empty(pods.Items);
        Assert.Empty(containers.Containers);
        Assert.Empty(imageList.Images);
        Assert.NotEmpty(fs.ImageFilesystems);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    /// <summary>containerd creates its socket before the CRI plugin serves on it; the first calls may be refused.</summary>
    private static async Task<T> RetryUntilServingAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Unimplemented && attempt < 50)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }
}
