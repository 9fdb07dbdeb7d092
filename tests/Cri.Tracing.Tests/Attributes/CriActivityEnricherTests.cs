using System.Diagnostics;
using Cri.Protos.V1;
using Cri.Testing;
using Cri.Tracing.Attributes;

namespace Cri.Tracing.Tests.Attributes;

[Collection(TracingCollection.Name)]
public sealed class CriActivityEnricherTests
{
    private static readonly ActivitySource Source = new("Cri.Tracing.Tests.Enricher");

    [Fact]
    public void Pod_sandbox_messages_name_the_pod()
    {
        var tags = Enrich(
            new RunPodSandboxRequest { Config = new PodSandboxConfig { Metadata = new PodSandboxMetadata { Name = "web", Namespace = "shop", Uid = "u1" } }, RuntimeHandler = "kata" },
            new RunPodSandboxResponse { PodSandboxId = "s1" });

        Assert.Equal("web", tags["k8s.pod.name"]);
        Assert.Equal("shop", tags["k8s.namespace.name"]);
        Assert.Equal("u1", tags["k8s.pod.uid"]);
        Assert.Equal("kata", tags["cri.runtime_handler"]);
        Assert.Equal("s1", tags["cri.pod_sandbox.id"]);
    }

    [Fact]
    public void Container_status_names_the_container_and_its_image()
    {
        var tags = Enrich(new ContainerStatusResponse
        {
            Status = new ContainerStatus { Id = "c1", Metadata = new ContainerMetadata { Name = "app" }, Image = new ImageSpec { Image = "nginx" }, ImageRef = "sha256:abc" },
        });

        Assert.Equal("c1", tags["container.id"]);
        Assert.Equal("app", tags["container.name"]);
        Assert.Equal("nginx", tags["container.image.name"]);
        Assert.Equal("sha256:abc", tags["container.image.id"]);
    }

    [Fact]
    public void Pull_image_names_the_image_and_never_the_credentials()
    {
        var tags = Enrich(new PullImageRequest { Image = new ImageSpec { Image = "busybox" }, Auth = new AuthConfig { Password = "p" } });

        Assert.Equal("busybox", Assert.Single(tags).Value);
    }

    [Fact]
    public void Empty_fields_and_other_messages_set_nothing()
    {
        Assert.Empty(Enrich(new StopContainerRequest(), new VersionRequest { Version = "v" }, new ListContainersRequest()));
    }

    [Fact]
    public void Spans_that_do_not_record_are_left_alone()
    {
        using var capture = new SpanCapture(new OpenTelemetry.Trace.AlwaysOffSampler(), Source.Name);
        using var activity = Source.StartActivity("dropped");

        CriActivityEnricher.Enrich(new StopContainerRequest { ContainerId = "c1" });

        Assert.NotNull(activity);
        Assert.Empty(activity.TagObjects);
    }

    private static Dictionary<string, object?> Enrich(params Google.Protobuf.IMessage[] messages)
    {
        using var capture = new SpanCapture(null, Source.Name);
        using (var activity = Source.StartActivity("call"))
        {
            foreach (var message in messages)
            {
                CriActivityEnricher.Enrich(message);
            }
        }

        return capture.Named("call").TagObjects.ToDictionary(t => t.Key, t => t.Value);
    }
}
