using System.Diagnostics;
using Cri.Protos;
using Cri.Protos.V1;
using Cri.SampleRuntime;
using Cri.Testing;
using Cri.Tracing.Instrumentation;
using Cri.Tracing.Logging;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Tests.Snapshots;

/// <summary>
/// Pins the exported shape of one whole pod lifecycle: a kubelet-like parent span, traced typed
/// clients, and the sample runtime (which wires the server interceptor and the log bridge itself)
/// in CRI-O's span layout.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class PodLifecycleSnapshotTests
{
    private static readonly ActivitySource Kubelet = new("Cri.Tracing.Tests.Kubelet");

    [Fact]
    public async Task Pod_lifecycle_spans_match_the_approved_shape()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName, SampleRuntimeHost.ActivitySourceName, Kubelet.Name);
        var directory = Directory.CreateTempSubdirectory("crs");
        var socket = Path.Combine(directory.FullName, "rt.sock");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SampleRuntime:LatencyScale"] = "0",

                // Tracing on in the runtime (its interceptor follows the kubelet's sampled parent), exporting nowhere:
                // the capture's provider records what it records.
                ["CriTracing:Enabled"] = "true",
                [SampleRuntimeHost.TracingHostingSection + ":ExportToCollector"] = "false",
                [SampleRuntimeHost.TracingHostingSection + ":Server:CrioSpanLayout"] = "true",
            })
            .Build();

        try
        {
            await using (var server = await SampleRuntimeHost.StartAsync(
                "unix://" + socket,
                configuration,
                services => services.AddLogging(l => l.AddFilter<CriTracingLoggerProvider>("Microsoft", LogLevel.Warning)),
                cancellationToken: cancel))
            {
                var endpoint = CriEndpoint.Parse(server.Endpoint);
                using var channel = CriChannel.Create(endpoint);
                var invoker = channel.Intercept(new CriClientTracingInterceptor(new CriClientTracingOptions { Endpoint = endpoint }));
                await RunLifecycleAsync(new RuntimeService.RuntimeServiceClient(invoker), new ImageService.ImageServiceClient(invoker), cancel);
                await capture.WaitForAsync(1 + (3 * 8), cancel);
            }

            var tree = new SpanTreeWriter().Replace(socket, "<socket>").Write(capture.Spans);
            Approvals.Verify(tree, "pod-lifecycle");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>What the kubelet does for a one-container pod, start to finish: eight calls.</summary>
    private static async Task RunLifecycleAsync(RuntimeService.RuntimeServiceClient runtime, ImageService.ImageServiceClient images, CancellationToken cancel)
    {
        var call = new CallOptions(cancellationToken: cancel);
        var sandboxConfig = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = "web", Namespace = "shop", Uid = "7f0c3a52-0000-4000-8000-000000000001" },
            Hostname = "web",
        };

        using var syncPod = Kubelet.StartActivity("syncPod");
        var sandbox = await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = sandboxConfig, RuntimeHandler = "runc" }, call);
        await images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = "docker.io/library/nginx:1.27" }, SandboxConfig = sandboxConfig }, call);
        var container = await runtime.CreateContainerAsync(
            new CreateContainerRequest
            {
                PodSandboxId = sandbox.PodSandboxId,
                SandboxConfig = sandboxConfig,
                Config = new ContainerConfig { Metadata = new ContainerMetadata { Name = "nginx" }, Image = new ImageSpec { Image = "docker.io/library/nginx:1.27" } },
            },
            call);
        await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = container.ContainerId }, call);
        await runtime.StopContainerAsync(new StopContainerRequest { ContainerId = container.ContainerId, Timeout = 1 }, call);
        await runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = container.ContainerId }, call);
        await runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = sandbox.PodSandboxId }, call);
        await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandbox.PodSandboxId }, call);
    }
}
