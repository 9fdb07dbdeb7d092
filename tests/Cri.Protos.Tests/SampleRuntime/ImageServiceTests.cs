using Cri.Protos.V1;
using Grpc.Core;

namespace Cri.Protos.Tests.SampleRuntime;

public sealed class ImageServiceTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static CallOptions Call => SampleRuntimeHarness.Call;

    [Theory]
    [InlineData("busybox", "docker.io/library/busybox:latest")]
    [InlineData("busybox:1.36", "docker.io/library/busybox:1.36")]
    [InlineData("docker.io/library/busybox", "docker.io/library/busybox:latest")]
    [InlineData("index.docker.io/grafana/grafana:10", "docker.io/grafana/grafana:10")]
    [InlineData("registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10")]
    [InlineData("localhost:5000/team/app", "localhost:5000/team/app:latest")]
    public async Task Pulled_names_are_normalized_to_a_tag(string image, string repoTag)
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();

        var pulled = await harness.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = image } }, Call);
        var status = await harness.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = repoTag } }, Call);

        Assert.Matches("^sha256:[0-9a-f]{64}$", pulled.ImageRef);
        Assert.Equal(pulled.ImageRef, status.Image.Id);
        Assert.Equal([repoTag], status.Image.RepoTags);
        Assert.StartsWith(repoTag[..repoTag.LastIndexOf(':')] + "@sha256:", Assert.Single(status.Image.RepoDigests), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reference_by_digest_keeps_its_digest_and_has_no_tag()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();

        await harness.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = "nginx@" + Digest } }, Call);
        var image = (await harness.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = "docker.io/library/nginx@" + Digest } }, Call)).Image;

        Assert.Empty(image.RepoTags);
        Assert.Equal(["docker.io/library/nginx@" + Digest], image.RepoDigests);
    }

    [Fact]
    public async Task The_image_id_is_a_digest_of_the_reference()
    {
        await using var first = await SampleRuntimeHarness.StartAsync();
        await using var second = await SampleRuntimeHarness.StartAsync();

        var once = await first.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = "busybox" } }, Call);
        var again = await second.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = "docker.io/library/busybox:latest" } }, Call);
        var other = await second.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = "busybox:1.36" } }, Call);

        Assert.Equal(once.ImageRef, again.ImageRef);
        Assert.NotEqual(once.ImageRef, other.ImageRef);
    }

    [Fact]
    public async Task Images_are_listed_found_by_id_and_removed()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var busybox = (await harness.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = "busybox" } }, Call)).ImageRef;
        await harness.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = "nginx:1.27" } }, Call);

        var all = await harness.Images.ListImagesAsync(new ListImagesRequest(), Call);
        var filtered = await harness.Images.ListImagesAsync(new ListImagesRequest { Filter = new ImageFilter { Image = new ImageSpec { Image = "nginx:1.27" } } }, Call);
        var byId = await harness.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = busybox }, Verbose = true }, Call);
        var byBareId = await harness.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = busybox["sha256:".Length..] } }, Call);

        Assert.Equal(["docker.io/library/busybox:latest", "docker.io/library/nginx:1.27"], all.Images.Select(i => i.RepoTags.Single()));
        Assert.All(all.Images, image => Assert.True(image.Size > 0));
        Assert.Equal("docker.io/library/nginx:1.27", filtered.Images.Single().RepoTags.Single());
        Assert.Equal(busybox, byId.Image.Id);
        Assert.Equal("docker.io/library/busybox:latest", byId.Info["reference"]);
        Assert.Equal(busybox, byBareId.Image.Id);

        await harness.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = busybox } }, Call);
        var removed = await harness.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = "busybox" } }, Call);
        Assert.Null(removed.Image);
        Assert.Single((await harness.Images.ListImagesAsync(new ListImagesRequest(), Call)).Images);
    }

    [Fact]
    public async Task The_status_of_an_absent_image_is_empty_not_an_error()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();

        var status = await harness.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = "never/pulled:1" }, Verbose = true }, Call);

        Assert.Null(status.Image);
        Assert.Empty(status.Info);
    }

    [Theory]
    [InlineData("UPPER/case")]
    [InlineData("busybox:")]
    [InlineData("with space")]
    [InlineData("busybox@sha256:short")]
    public async Task Malformed_references_are_invalid(string image)
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();

        await PodLifecycleTests.AssertStatusAsync(StatusCode.InvalidArgument, () => harness.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = image } }, Call));
    }

    [Fact]
    public async Task Credentials_are_never_logged()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var auth = new AuthConfig { Username = "robot-user", Password = "hunter2-secret", Auth = "YXV0aC1zZWNyZXQ=", IdentityToken = "identity-secret", RegistryToken = "registry-secret", ServerAddress = "registry.example.com" };

        await harness.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = "registry.example.com/private/app:1" }, Auth = auth }, Call);

        Assert.Contains(harness.Logs.Entries, log => log.Message == "Pulling image registry.example.com/private/app:1 (credentials supplied: True)");
        Assert.All(harness.Logs.Entries, log => Assert.DoesNotMatch("hunter2|YXV0aC1|identity-secret|registry-secret|robot-user", log.Message));
    }

    [Fact]
    public async Task Creating_a_container_pulls_a_missing_image_and_fs_info_counts_it()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var podId = await harness.RunPodAsync("pod");

        await harness.CreateContainerAsync(podId, "app", "quay.io/team/app:2");
        var images = await harness.Images.ListImagesAsync(new ListImagesRequest(), Call);
        var fs = await harness.Images.ImageFsInfoAsync(new ImageFsInfoRequest(), Call);

        var image = Assert.Single(images.Images);
        Assert.Equal("quay.io/team/app:2", image.RepoTags.Single());
        Assert.Equal(image.Size, Assert.Single(fs.ImageFilesystems).UsedBytes.Value);
    }

    [Fact]
    public async Task A_container_cannot_use_an_unknown_image_id()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var podId = await harness.RunPodAsync("pod");

        await PodLifecycleTests.AssertStatusAsync(StatusCode.NotFound, () => harness.CreateContainerAsync(podId, "app", Digest));
    }
}
