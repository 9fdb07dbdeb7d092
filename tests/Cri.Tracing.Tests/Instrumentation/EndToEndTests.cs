using System.Diagnostics;
using Cri.Protos.V1;
using Cri.Testing;
using Grpc.Core;

namespace Cri.Tracing.Tests.Instrumentation;

/// <summary>A traced typed client calling a traced server through grpc-dotnet, over HTTP/2.</summary>
[Collection(TracingCollection.Name)]
public sealed class EndToEndTests
{
    private static readonly ActivitySource Kubelet = new("Cri.Tracing.Tests.Kubelet");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Server_span_is_the_child_of_the_client_span_in_one_trace()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName, Kubelet.Name, "System.Net.Http", "Grpc.Net.Client");
        await using var server = await TracedCriServer.StartAsync(tcp: true);
        var client = server.CreateClient(server.ClientOptions());

        using (Kubelet.StartActivity("syncPod"))
        {
            await client.RunPodSandboxAsync(ServerTracingTests.PodRequest(), new CallOptions(cancellationToken: Cancel));
        }

        var spans = await capture.WaitForAsync(3, Cancel);
        var syncPod = spans.Single(s => s.DisplayName == "syncPod");
        var clientSpan = spans.Single(s => s.Kind == ActivityKind.Client);
        var serverSpan = spans.Single(s => s.Kind == ActivityKind.Server);
        Assert.Equal(syncPod.SpanId, clientSpan.ParentSpanId);
        Assert.Equal(clientSpan.SpanId, serverSpan.ParentSpanId);
        Assert.True(serverSpan.HasRemoteParent);
        Assert.All(spans, s => Assert.Equal(syncPod.TraceId, s.TraceId));

        // Neither HttpClient's nor Grpc.Net.Client's own activity adds a span in between.
        Assert.DoesNotContain(spans, s => s.Source.Name is "System.Net.Http" or "Grpc.Net.Client");
        Assert.Equal("sandbox-1", clientSpan.GetTagItem("cri.pod_sandbox.id"));
        Assert.Equal("sandbox-1", serverSpan.GetTagItem("cri.pod_sandbox.id"));
        Assert.Equal("127.0.0.1", clientSpan.GetTagItem("server.address"));
        Assert.Equal(clientSpan.GetTagItem("server.address"), serverSpan.GetTagItem("server.address"));
        Assert.Equal(clientSpan.GetTagItem("server.port"), serverSpan.GetTagItem("server.port"));
    }

    [Fact]
    public async Task Below_the_client_span_grpc_dotnet_starts_no_activity_and_the_caller_keeps_its_own()
    {
        // Grpc.Net.Client starts an Activity of its own (not from a source: the default one, named "")
        // for every call made while one is current. Below the client span none is.
        var belowSpan = new List<string>();
        using var legacy = new ActivityListener
        {
            ShouldListenTo = source => source.Name.Length == 0,
            ActivityStarted = a =>
            {
                lock (belowSpan)
                {
                    belowSpan.Add(a.OperationName);
                }
            },
        };
        ActivitySource.AddActivityListener(legacy);
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName, Kubelet.Name);
        await using var server = await TracedCriServer.StartAsync(tcp: true);
        var client = server.CreateClient(server.ClientOptions());

        using (var syncPod = Kubelet.StartActivity("syncPod"))
        {
            using var call = client.RunPodSandboxAsync(ServerTracingTests.PodRequest(), new CallOptions(cancellationToken: Cancel));
            Assert.Same(syncPod, Activity.Current);
            await call.ResponseAsync;
            Assert.Same(syncPod, Activity.Current);
            Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        }

        var spans = await capture.WaitForAsync(3, Cancel);
        Assert.Equal(spans.Single(s => s.Kind == ActivityKind.Client).SpanId, spans.Single(s => s.Kind == ActivityKind.Server).ParentSpanId);
        lock (belowSpan)
        {
            Assert.DoesNotContain("Grpc.Net.Client.GrpcOut", belowSpan);
        }
    }

    [Fact]
    public async Task Over_a_unix_socket_the_client_names_the_socket_and_the_configured_server_too()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync(o => o.Endpoint = Cri.Protos.CriEndpoint.Parse("unix:///run/crio/crio.sock"));
        var client = server.CreateClient(server.ClientOptions());

        await client.VersionAsync(new VersionRequest(), new CallOptions(cancellationToken: Cancel));

        var spans = await capture.WaitForAsync(2, Cancel);
        Assert.Equal(server.SocketPath, spans.Single(s => s.Kind == ActivityKind.Client).GetTagItem("server.address"));
        Assert.Equal("/run/crio/crio.sock", spans.Single(s => s.Kind == ActivityKind.Server).GetTagItem("server.address"));
    }

    [Fact]
    public async Task Not_found_from_the_handler_fails_the_client_span_only()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync(tcp: true);
        var client = server.CreateClient(server.ClientOptions());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = "p1" }, new CallOptions(cancellationToken: Cancel)).ResponseAsync);

        var spans = await capture.WaitForAsync(2, Cancel);
        var clientSpan = spans.Single(s => s.Kind == ActivityKind.Client);
        var serverSpan = spans.Single(s => s.Kind == ActivityKind.Server);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("NOT_FOUND", serverSpan.GetTagItem("rpc.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, serverSpan.Status);
        Assert.Null(serverSpan.GetTagItem("error.type"));
        Assert.Equal("NOT_FOUND", clientSpan.GetTagItem("rpc.response.status_code"));
        Assert.Equal("NOT_FOUND", clientSpan.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, clientSpan.Status);
        Assert.Equal("pod sandbox \"p1\" not found", clientSpan.StatusDescription);
        Assert.Equal("127.0.0.1", clientSpan.GetTagItem("server.address"));
        Assert.Equal(clientSpan.GetTagItem("server.port"), serverSpan.GetTagItem("server.port"));
    }

    [Fact]
    public async Task Client_deadline_is_deadline_exceeded_on_both_sides()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync();
        server.Runtime.VersionDelay = TimeSpan.FromSeconds(10);
        var client = server.CreateClient(server.ClientOptions());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.VersionAsync(new VersionRequest(), new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(300), cancellationToken: Cancel)).ResponseAsync);

        var spans = await capture.WaitForAsync(2, Cancel);
        var clientSpan = spans.Single(s => s.Kind == ActivityKind.Client);
        var serverSpan = spans.Single(s => s.Kind == ActivityKind.Server);
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal("DEADLINE_EXCEEDED", clientSpan.GetTagItem("rpc.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, clientSpan.Status);
        Assert.Equal("DEADLINE_EXCEEDED", serverSpan.GetTagItem("rpc.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, serverSpan.Status);
    }
}
