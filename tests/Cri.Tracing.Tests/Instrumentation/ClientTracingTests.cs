using System.Diagnostics;
using System.Net;
using Cri.Protos;
using Cri.Protos.V1;
using Cri.Testing;
using Cri.Tracing.Instrumentation;
using Cri.Tracing.Instrumentation.Internal;
using Cri.Tracing.Propagation.Internal;
using Cri.Tracing.Sampling;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using OpenTelemetry;

namespace Cri.Tracing.Tests.Instrumentation;

[Collection(TracingCollection.Name)]
public sealed class ClientTracingTests
{
    private static readonly ActivitySource Caller = new("Cri.Tracing.Tests.Caller");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_is_a_client_span_under_the_callers_span_and_carries_its_context(bool throughGrpcInvoker)
    {
        using var capture = Capture();
        var server = new CannedGrpcHandler { Messages = [new VersionResponse()], Status = 0 };
        var channel = Channel(server, "unix:///run/containerd/containerd.sock", throughGrpcInvoker: throughGrpcInvoker);

        using (var parent = Caller.StartActivity("syncPod"))
        {
            Baggage.SetBaggage("node", "n1");
            await new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest(), Call());
            Baggage.ClearBaggage();
        }

        var span = capture.Named("runtime.v1.RuntimeService/Version");
        var syncPod = capture.Named("syncPod");
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(syncPod.SpanId, span.ParentSpanId);
        Assert.Equal(syncPod.TraceId, span.TraceId);
        Assert.Equal("/run/containerd/containerd.sock", span.GetTagItem("server.address"));
        Assert.Null(span.GetTagItem("server.port"));
        Assert.Equal("grpc", span.GetTagItem("rpc.system.name"));
        Assert.Equal("runtime.v1.RuntimeService/Version", span.GetTagItem("rpc.method"));
        Assert.Equal("OK", span.GetTagItem("rpc.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal(span.Id, server.LastHeader("traceparent"));
        Assert.Equal("node=n1", server.LastHeader("baggage"));
    }

    [Fact]
    public async Task Tcp_endpoint_gives_address_and_port()
    {
        using var capture = Capture();
        var channel = Channel(new CannedGrpcHandler { Messages = [new VersionResponse()], Status = 0 }, "10.0.0.7:10010");

        await new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest(), Call());

        var span = capture.Named("runtime.v1.RuntimeService/Version");
        Assert.Equal("10.0.0.7", span.GetTagItem("server.address"));
        Assert.Equal(10010, span.GetTagItem("server.port"));
    }

    [Fact]
    public async Task Request_and_response_messages_set_cri_attributes()
    {
        using var capture = Capture();
        var server = new CannedGrpcHandler { Messages = [new CreateContainerResponse { ContainerId = "c-42" }], Status = 0 };
        var channel = Channel(server);

        await new RuntimeService.RuntimeServiceClient(channel).CreateContainerAsync(
            new CreateContainerRequest
            {
                PodSandboxId = "sandbox-1",
                Config = new ContainerConfig { Metadata = new ContainerMetadata { Name = "web" }, Image = new ImageSpec { Image = "nginx:1.27" } },
            },
            Call());

        var span = capture.Named("runtime.v1.RuntimeService/CreateContainer");
        Assert.Equal("sandbox-1", span.GetTagItem("cri.pod_sandbox.id"));
        Assert.Equal("web", span.GetTagItem("container.name"));
        Assert.Equal("nginx:1.27", span.GetTagItem("container.image.name"));
        Assert.Equal("c-42", span.GetTagItem("container.id"));
    }

    [Fact]
    public async Task The_requests_attributes_are_creation_attributes()
    {
        var sampler = new RecordingSampler(ActivityKind.Client);
        using var capture = new SpanCapture(sampler, CriTracing.ActivitySourceName);
        var server = new CannedGrpcHandler { Messages = [new CreateContainerResponse { ContainerId = "c-42" }], Status = 0 };

        await new RuntimeService.RuntimeServiceClient(Channel(server)).CreateContainerAsync(
            new CreateContainerRequest { PodSandboxId = "sandbox-1", Config = new ContainerConfig { Metadata = new ContainerMetadata { Name = "web" } } },
            Call());

        var tags = Assert.Single(sampler.Seen);
        Assert.Equal("runtime.v1.RuntimeService/CreateContainer", tags["rpc.method"]);
        Assert.Equal("sandbox-1", tags["cri.pod_sandbox.id"]);
        Assert.Equal("web", tags["container.name"]);
        Assert.False(tags.ContainsKey("container.id"));
        Assert.Equal("c-42", capture.Named("runtime.v1.RuntimeService/CreateContainer").GetTagItem("container.id"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_non_ok_status_is_a_client_error(bool trailersOnly)
    {
        using var capture = Capture();
        var server = new CannedGrpcHandler { Status = 5, StatusMessage = "pod \"x\" not found: 100%", TrailersOnly = trailersOnly };
        var channel = Channel(server);

        var error = await Assert.ThrowsAsync<RpcException>(() => new RuntimeService.RuntimeServiceClient(channel).PodSandboxStatusAsync(new PodSandboxStatusRequest(), Call()).ResponseAsync);

        var span = capture.Named("runtime.v1.RuntimeService/PodSandboxStatus");
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("NOT_FOUND", span.GetTagItem("rpc.response.status_code"));
        Assert.Equal("NOT_FOUND", span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("pod \"x\" not found: 100%", span.StatusDescription);
    }

    [Fact]
    public async Task Non_grpc_http_status_maps_to_grpc()
    {
        using var capture = Capture();
        var channel = Channel(new CannedGrpcHandler { HttpStatus = HttpStatusCode.ServiceUnavailable });

        await Assert.ThrowsAsync<RpcException>(() => new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest(), Call()).ResponseAsync);

        Assert.Equal("UNAVAILABLE", capture.Named("runtime.v1.RuntimeService/Version").GetTagItem("rpc.response.status_code"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Transport_failure_is_an_error_and_ends_the_span(bool throughGrpcInvoker)
    {
        using var capture = Capture();
        var channel = Channel(new CannedGrpcHandler { Failure = new HttpRequestException("connection refused") }, throughGrpcInvoker: throughGrpcInvoker);

        var error = await Assert.ThrowsAsync<RpcException>(() => new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest(), Call()).ResponseAsync);

        // The span has the status grpc-dotnet reports for the failure (INTERNAL from a handler's
        // HttpRequestException in 2.85), naming the exception in the detail.
        var span = capture.Named("runtime.v1.RuntimeService/Version");
        Assert.Equal(GrpcStatus.ToWireName(error.StatusCode), span.GetTagItem("rpc.response.status_code"));
        Assert.Equal(GrpcStatus.ToWireName(error.StatusCode), span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Contains("connection refused", span.StatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_is_cancelled()
    {
        using var capture = Capture();
        var channel = Channel(new CannedGrpcHandler { WaitForCancellation = true });
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancel);

        var call = new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest(), new CallOptions(cancellationToken: cancellation.Token));
        await cancellation.CancelAsync();
        await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal("CANCELLED", capture.Named("runtime.v1.RuntimeService/Version").GetTagItem("rpc.response.status_code"));
    }

    [Fact]
    public async Task Elapsed_deadline_is_deadline_exceeded()
    {
        using var capture = Capture();
        var server = new CannedGrpcHandler { Messages = [new VersionResponse()], Status = 0 };
        var channel = Channel(server);
        var client = new RuntimeService.RuntimeServiceClient(channel);
        await client.VersionAsync(new VersionRequest(), Call());
        server.WaitForCancellation = true;

        await Assert.ThrowsAsync<RpcException>(() => client.VersionAsync(new VersionRequest(), new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(200), cancellationToken: Cancel)).ResponseAsync);

        Assert.NotNull(server.LastHeader("grpc-timeout"));
        var span = capture.Spans[^1];
        Assert.Equal("DEADLINE_EXCEEDED", span.GetTagItem("rpc.response.status_code"));
        Assert.Equal("DEADLINE_EXCEEDED", span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Streaming_call_ends_with_the_stream(bool throughGrpcInvoker)
    {
        using var capture = Capture();
        var events = Enumerable.Range(0, 3).Select(i => new ContainerEventResponse { ContainerId = "c" + i }).ToArray();
        var channel = Channel(new CannedGrpcHandler { Messages = events, Status = 0 }, throughGrpcInvoker: throughGrpcInvoker);

        var seen = 0;
        using var call = new RuntimeService.RuntimeServiceClient(channel).GetContainerEvents(new GetEventsRequest(), Call());
        await foreach (var _ in call.ResponseStream.ReadAllAsync(Cancel))
        {
            seen++;
            Assert.Empty(capture.Spans);
        }

        var span = capture.Named("runtime.v1.RuntimeService/GetContainerEvents");
        Assert.Equal(3, seen);
        Assert.Equal("OK", span.GetTagItem("rpc.response.status_code"));
        Assert.Null(span.GetTagItem("container.id"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stream_disposed_unread_ends_the_span_as_cancelled(bool throughGrpcInvoker)
    {
        using var capture = Capture();
        var events = Enumerable.Range(0, 3).Select(i => new ContainerEventResponse { ContainerId = "c" + i }).ToArray();
        var channel = Channel(new CannedGrpcHandler { Messages = events, Status = 0 }, throughGrpcInvoker: throughGrpcInvoker);

        using (var call = new RuntimeService.RuntimeServiceClient(channel).GetContainerEvents(new GetEventsRequest(), Call()))
        {
            Assert.True(await call.ResponseStream.MoveNext(Cancel));
            Assert.Empty(capture.Spans);
        }

        var span = capture.Named("runtime.v1.RuntimeService/GetContainerEvents");
        Assert.Equal("CANCELLED", span.GetTagItem("rpc.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Blocking_call_is_one_client_span(bool throughGrpcInvoker)
    {
        using var capture = Capture();
        var server = new CannedGrpcHandler { Messages = [new VersionResponse { RuntimeName = "canned" }], Status = 0 };
        var channel = Channel(server, throughGrpcInvoker: throughGrpcInvoker);

        var response = new RuntimeService.RuntimeServiceClient(channel).Version(new VersionRequest(), Call());

        Assert.Equal("canned", response.RuntimeName);
        var span = capture.Named("runtime.v1.RuntimeService/Version");
        Assert.Equal("OK", span.GetTagItem("rpc.response.status_code"));
        Assert.Equal(span.Id, server.LastHeader("traceparent"));
        Assert.Null(Activity.Current);
    }

    [Fact]
    public async Task Calls_are_named_from_the_method_path_whatever_the_client()
    {
        using var capture = Capture();
        var channel = Channel(new CannedGrpcHandler { Messages = [new VersionResponse()], Status = 0 });

        await channel.AsyncUnaryCall(Method("runtime.v1.ImageService", "ImageFsInfo"), null, Call(), new VersionRequest());

        var span = capture.Named("runtime.v1.ImageService/ImageFsInfo");
        Assert.Equal("OK", span.GetTagItem("rpc.response.status_code"));
    }

    [Fact]
    public async Task Unknown_method_is_named_other()
    {
        using var capture = Capture();
        var channel = Channel(new CannedGrpcHandler { Status = 12, TrailersOnly = true });

        await Assert.ThrowsAsync<RpcException>(() => channel.AsyncUnaryCall(Method("example.v1.Other", "DoThing"), null, Call(), new VersionRequest()).ResponseAsync);

        var span = capture.Named("_OTHER");
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("example.v1.Other/DoThing", span.GetTagItem("rpc.method_original"));
        Assert.Equal("UNIMPLEMENTED", span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Unsampled_local_parent_creates_no_activity_when_the_rate_is_known_and_is_forwarded()
    {
        using var capture = new SpanCapture(CriSamplers.ParentBasedPerMillion(1_000_000), CriTracing.ActivitySourceName, Caller.Name);
        var server = new CannedGrpcHandler { Messages = [new VersionResponse()], Status = 0 };
        var channel = Channel(server, options: new CriClientTracingOptions { SamplingRatePerMillion = 1_000_000 });
        var unsampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);

        using (var parent = Caller.StartActivity("syncPod", ActivityKind.Internal, unsampled))
        {
            using var started = new ActivityCounter(CriTracing.ActivitySourceName);
            await new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest(), Call());
            Assert.Equal(0, started.Count);
            Assert.NotNull(parent);
            Assert.Equal(parent.Id, server.LastHeader("traceparent"));
        }

        Assert.Empty(capture.Spans);
    }

    [Fact]
    public async Task Dropped_root_still_tells_the_next_hop_it_is_not_sampled()
    {
        using var capture = new SpanCapture(CriSamplers.ParentBasedPerMillion(0), CriTracing.ActivitySourceName);
        var server = new CannedGrpcHandler { Messages = [new VersionResponse()], Status = 0 };
        var channel = Channel(server, options: new CriClientTracingOptions { SamplingRatePerMillion = 0 });
        using var started = new ActivityCounter(CriTracing.ActivitySourceName);

        await new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest(), Call());

        Assert.Equal(0, started.Count);
        Assert.Equal(TraceParentState.NotSampled, TraceParentHeader.Parse(server.LastHeader("traceparent")));
    }

    [Fact]
    public async Task Excluded_method_gets_no_span_but_forwards_the_callers_context()
    {
        using var capture = Capture();
        var server = new CannedGrpcHandler { Messages = [new StatusResponse()], Status = 0 };
        var channel = Channel(server, options: new CriClientTracingOptions { ExcludeKubeletPolling = true });

        using (var parent = Caller.StartActivity("relist"))
        {
            await new RuntimeService.RuntimeServiceClient(channel).StatusAsync(new StatusRequest(), Call());
            Assert.Equal(parent!.Id, server.LastHeader("traceparent"));
        }

        Assert.Equal(["relist"], capture.Spans.Select(s => s.DisplayName));
    }

    [Fact]
    public async Task Caller_supplied_trace_headers_are_replaced()
    {
        using var capture = Capture();
        var server = new CannedGrpcHandler { Messages = [new VersionResponse()], Status = 0 };
        var channel = Channel(server);

        await new RuntimeService.RuntimeServiceClient(channel).VersionAsync(
            new VersionRequest(),
            new CallOptions(new Metadata { { "traceparent", "00-11111111111111111111111111111111-2222222222222222-01" } }, cancellationToken: Cancel));

        var span = capture.Named("runtime.v1.RuntimeService/Version");
        Assert.Equal(span.Id, server.LastHeader("traceparent"));
    }

    [Fact]
    public async Task Without_a_listener_requests_go_out_untouched()
    {
        var server = new CannedGrpcHandler { Messages = [new VersionResponse()], Status = 0 };
        var channel = Channel(server);

        using (Caller.StartActivity("unheard"))
        {
            await new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest(), Call());
        }

        Assert.Null(server.LastHeader("traceparent"));
    }

    private static SpanCapture Capture() => new(null, CriTracing.ActivitySourceName, Caller.Name);

    private static CallOptions Call() => new(cancellationToken: Cancel);

    // Through Cri.Tracing's Intercept, or through Grpc.Core.Api's intercepting invoker as the client
    // factory and any Interceptor-typed code attach it: the same spans either way.
    private static CallInvoker Channel(CannedGrpcHandler server, string endpoint = "unix:///run/cri.sock", CriClientTracingOptions? options = null, bool throughGrpcInvoker = false)
    {
        options ??= new CriClientTracingOptions();
        options.Endpoint = CriEndpoint.Parse(endpoint);
        var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = server });
        var interceptor = new CriClientTracingInterceptor(options);
        return throughGrpcInvoker ? channel.Intercept((Interceptor)interceptor) : channel.Intercept(interceptor);
    }

    private static Method<VersionRequest, VersionResponse> Method(string service, string name)
        => new(MethodType.Unary, service, name, Marshallers.Create<VersionRequest>(m => m.ToByteArray(), VersionRequest.Parser.ParseFrom), Marshallers.Create<VersionResponse>(m => m.ToByteArray(), VersionResponse.Parser.ParseFrom));
}
