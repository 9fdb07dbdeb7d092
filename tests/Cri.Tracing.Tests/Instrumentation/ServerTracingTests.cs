using System.Diagnostics;
using Cri.Protos;
using Cri.Protos.V1;
using Cri.Testing;
using Cri.Tracing.Instrumentation;
using Cri.Tracing.Propagation.Internal;
using Cri.Tracing.Sampling;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Tests.Instrumentation;

[Collection(TracingCollection.Name)]
public sealed class ServerTracingTests
{
    private const string SampledParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private const string UnsampledParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unary_call_gets_one_server_span_named_after_the_method()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync();
        var client = server.CreateClient();

        await client.VersionAsync(new VersionRequest(), Options());

        var span = (await capture.WaitForAsync(1, Cancel)).Single();
        Assert.Equal("runtime.v1.RuntimeService/Version", span.DisplayName);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal(default, span.ParentSpanId);
        Assert.Equal("grpc", span.GetTagItem("rpc.system.name"));
        Assert.Equal("runtime.v1.RuntimeService/Version", span.GetTagItem("rpc.method"));
        // Without a configured endpoint the address is the call's :authority, which grpc-dotnet
        // sends as "localhost" over a Unix socket.
        Assert.Equal("localhost", span.GetTagItem("server.address"));
        Assert.Null(span.GetTagItem("server.port"));
        Assert.Equal("OK", span.GetTagItem("rpc.response.status_code"));
        Assert.Null(span.GetTagItem("error.type"));
        Assert.Null(span.GetTagItem("rpc.system"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task Interceptor_added_twice_still_records_one_server_span()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        var server = await CriTestServer.StartAsync(
            new TracingTestRuntime(),
            configureServices: s => s.AddSingleton(new CriServerTracingInterceptor()),
            configureGrpc: o =>
            {
                o.Interceptors.Add<CriServerTracingInterceptor>();
                o.Interceptors.Add<CriServerTracingInterceptor>();
            });
        using (var channel = server.CreateChannel())
        {
            await new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest(), Options());
        }

        // Stopping the server waits for both interceptors to finish the call.
        await server.DisposeAsync();

        var span = Assert.Single(capture.Spans);
        Assert.Equal("runtime.v1.RuntimeService/Version", span.DisplayName);
        Assert.Equal(default, span.ParentSpanId);
    }

    [Fact]
    public async Task Creation_attributes_are_visible_to_the_sampler()
    {
        var sampler = new RecordingSampler(ActivityKind.Server);
        using var capture = new SpanCapture(sampler, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync(tcp: true);
        var client = server.CreateClient();

        await client.VersionAsync(new VersionRequest(), Options());

        var tags = Assert.Single(sampler.Seen);
        Assert.Equal("runtime.v1.RuntimeService/Version", tags["rpc.method"]);
        Assert.Equal("grpc", tags["rpc.system.name"]);
        Assert.Equal("127.0.0.1", tags["server.address"]);
        Assert.Equal(int.Parse(server.Endpoint.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture), tags["server.port"]);
    }

    [Fact]
    public async Task The_requests_attributes_are_creation_attributes_the_responses_come_later()
    {
        var sampler = new RecordingSampler(ActivityKind.Server);
        using var capture = new SpanCapture(sampler, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync();
        var client = server.CreateClient();

        await client.RunPodSandboxAsync(PodRequest(), Options());

        var tags = Assert.Single(sampler.Seen);
        Assert.Equal("runtime.v1.RuntimeService/RunPodSandbox", tags["rpc.method"]);
        Assert.Equal("nginx", tags["k8s.pod.name"]);
        Assert.Equal("default", tags["k8s.namespace.name"]);
        Assert.Equal("uid-1", tags["k8s.pod.uid"]);
        Assert.Equal("runc", tags["cri.runtime_handler"]);
        Assert.False(tags.ContainsKey("cri.pod_sandbox.id"));
        Assert.Equal("sandbox-1", (await capture.WaitForAsync(1, Cancel)).Single().GetTagItem("cri.pod_sandbox.id"));
    }

    [Fact]
    public async Task Configured_endpoint_names_the_server()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync(o => o.Endpoint = CriEndpoint.Parse("unix:///run/crio/crio.sock"));
        var client = server.CreateClient();

        await client.VersionAsync(new VersionRequest(), Options());

        var span = (await capture.WaitForAsync(1, Cancel)).Single();
        Assert.Equal("/run/crio/crio.sock", span.GetTagItem("server.address"));
    }

    [Fact]
    public async Task Incoming_traceparent_is_the_remote_parent_with_its_tracestate_and_baggage()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync();
        var client = server.CreateClient();

        await client.VersionAsync(new VersionRequest(), Options(SampledParent, "vendor=1", "user=alice"));

        var span = (await capture.WaitForAsync(1, Cancel)).Single();
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", span.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", span.ParentSpanId.ToHexString());
        Assert.True(span.HasRemoteParent);
        Assert.Equal("vendor=1", span.TraceStateString);
        Assert.Same(span, server.Runtime.SeenActivity);
        Assert.Equal("alice", server.Runtime.SeenBaggage.GetBaggage("user"));
    }

    [Fact]
    public async Task A_request_header_reader_replaces_the_request_metadata()
    {
        using var capture = new SpanCapture(CriSamplers.ParentBasedPerMillion(1_000_000), CriTracing.ActivitySourceName);
        var headers = new Dictionary<string, StringValues>
        {
            ["traceparent"] = SampledParent,
            ["tracestate"] = new(["vendor=1", "other=2"]),
            ["baggage"] = "user=alice",
        };
        var interceptor = new CriServerTracingInterceptor(new CriServerTracingOptions
        {
            SamplingRatePerMillion = 1_000_000,
            RequestHeaderReader = (_, name) => headers.GetValueOrDefault(name),
        });
        var sampled = new FakeServerCallContext("/runtime.v1.RuntimeService/Version");
        Baggage seenBaggage = default;

        await interceptor.UnaryServerHandler(new VersionRequest(), sampled, (_, _) =>
        {
            seenBaggage = Baggage.Current;
            return Task.FromResult(new VersionResponse());
        });

        var span = capture.Spans.Single();
        Assert.Equal("b7ad6b7169203331", span.ParentSpanId.ToHexString());
        Assert.Equal("vendor=1,other=2", span.TraceStateString);
        Assert.Equal("alice", seenBaggage.GetBaggage("user"));
        Assert.Equal(0, sampled.RequestHeaderReads);

        // Not sampled: the context kept for downstream calls comes from the reader too.
        headers["traceparent"] = UnsampledParent;
        var unsampled = new FakeServerCallContext("/runtime.v1.RuntimeService/Version");
        string? keptState = null;
        await interceptor.UnaryServerHandler(new VersionRequest(), unsampled, (_, _) =>
        {
            keptState = IncomingTraceContext.Current?.TraceState;
            return Task.FromResult(new VersionResponse());
        });

        Assert.Single(capture.Spans);
        Assert.Equal("vendor=1,other=2", keptState);
        Assert.Equal(0, unsampled.RequestHeaderReads);
    }

    [Fact]
    public async Task Aspnetcore_hosting_activity_is_never_the_parent()
    {
        // With a listener that does not record it, ASP.NET Core's hosting Activity exists for every
        // request, current when the interceptor runs (a recorded one is the subject of InteropTests).
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        using var hosting = new ActivityCounter("Microsoft.AspNetCore", ActivitySamplingResult.PropagationData);
        await using var server = await TracedCriServer.StartAsync();
        var client = server.CreateClient();

        await client.VersionAsync(new VersionRequest(), Options());
        await client.VersionAsync(new VersionRequest(), Options(SampledParent));

        var spans = (await capture.WaitForAsync(2, Cancel)).Where(s => s.Source.Name == CriTracing.ActivitySourceName).ToList();
        Assert.Equal(2, spans.Count);
        Assert.Equal(default, spans[0].ParentSpanId);
        Assert.Equal("b7ad6b7169203331", spans[1].ParentSpanId.ToHexString());
        Assert.Equal(2, hosting.Count);
    }

    [Fact]
    public async Task Not_found_is_not_a_server_error()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync();
        var client = server.CreateClient();

        await Assert.ThrowsAsync<RpcException>(() => client.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = "p1" }, Options()).ResponseAsync);

        var span = (await capture.WaitForAsync(1, Cancel)).Single();
        Assert.Equal("NOT_FOUND", span.GetTagItem("rpc.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Null(span.GetTagItem("error.type"));
        Assert.Equal("p1", span.GetTagItem("cri.pod_sandbox.id"));
    }

    [Theory]
    [InlineData("ContainerStatus", "UNKNOWN", "Exception was thrown by handler.")]
    [InlineData("CreateContainer", "INTERNAL", "cannot create")]
    public async Task Server_failure_codes_mark_the_span_as_error(string method, string status, string description)
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync();
        var client = server.CreateClient();

        await Assert.ThrowsAsync<RpcException>(() => method == "ContainerStatus"
            ? client.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = "c1" }, Options()).ResponseAsync
            : client.CreateContainerAsync(new CreateContainerRequest { Config = new ContainerConfig { Metadata = new ContainerMetadata { Name = "web" } } }, Options()).ResponseAsync);

        var span = (await capture.WaitForAsync(1, Cancel)).Single();
        Assert.Equal(status, span.GetTagItem("rpc.response.status_code"));
        Assert.Equal(status, span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(description, span.StatusDescription);
    }

    [Fact]
    public async Task Unknown_method_is_named_other_and_keeps_the_original()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync();
        var invoker = server.CreateInvoker();

        using var call = invoker.AsyncServerStreamingCall(OtherServices.DoThingMethod, null, Options(), new VersionRequest());
        var received = 0;
        await foreach (var _ in call.ResponseStream.ReadAllAsync(Cancel))
        {
            received++;
        }

        var span = (await capture.WaitForAsync(1, Cancel)).Single();
        Assert.Equal(2, received);
        Assert.Equal("_OTHER", span.DisplayName);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal("_OTHER", span.GetTagItem("rpc.method"));
        Assert.Equal("example.v1.Other/DoThing", span.GetTagItem("rpc.method_original"));
        Assert.Equal("OK", span.GetTagItem("rpc.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task Method_the_server_does_not_serve_never_reaches_the_interceptor()
    {
        // Grpc.AspNetCore answers unimplemented methods itself, without running interceptors:
        // the call fails UNIMPLEMENTED and records no server span.
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        var server = await TracedCriServer.StartAsync();
        var invoker = server.CreateInvoker();
        var missing = new Method<VersionRequest, VersionResponse>(MethodType.Unary, "example.v1.Missing", "Nothing", OtherServices.DoThingMethod.RequestMarshaller, OtherServices.DoThingMethod.ResponseMarshaller);

        var error = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(missing, null, Options(), new VersionRequest()).ResponseAsync);
        await server.DisposeAsync();

        Assert.Equal(Grpc.Core.StatusCode.Unimplemented, error.StatusCode);
        Assert.Empty(capture.Spans);
    }

    [Fact]
    public async Task Streaming_call_is_one_span_ending_with_the_stream()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync(o => o.RecordPayloads = true);
        var client = server.CreateClient();

        var received = 0;
        using var call = client.GetContainerEvents(new GetEventsRequest(), Options());
        await foreach (var _ in call.ResponseStream.ReadAllAsync(Cancel))
        {
            received++;
        }

        var span = (await capture.WaitForAsync(1, Cancel)).Single();
        Assert.Equal(3, received);
        Assert.Equal("runtime.v1.RuntimeService/GetContainerEvents", span.DisplayName);
        Assert.Equal("OK", span.GetTagItem("rpc.response.status_code"));

        // One request and three responses as payload events; no per-message attributes.
        Assert.Equal(4, span.Events.Count());
        Assert.Null(span.GetTagItem("container.id"));
    }

    [Fact]
    public async Task Request_and_response_set_cri_attributes()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync();
        var client = server.CreateClient();

        await client.RunPodSandboxAsync(PodRequest(), Options());

        var span = (await capture.WaitForAsync(1, Cancel)).Single();
        Assert.Equal("nginx", span.GetTagItem("k8s.pod.name"));
        Assert.Equal("default", span.GetTagItem("k8s.namespace.name"));
        Assert.Equal("uid-1", span.GetTagItem("k8s.pod.uid"));
        Assert.Equal("runc", span.GetTagItem("cri.runtime_handler"));
        Assert.Equal("sandbox-1", span.GetTagItem("cri.pod_sandbox.id"));
    }

    [Fact]
    public async Task Crio_layout_adds_an_internal_child_carrying_logs_and_payloads()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync(
            o =>
            {
                o.CrioSpanLayout = true;
                o.RecordPayloads = true;
            },
            logging: l => l.AddCriTracingLogBridge().AddFilter("Microsoft", LogLevel.Warning));
        var client = server.CreateClient();

        await client.RunPodSandboxAsync(PodRequest(), Options());

        var spans = await capture.WaitForAsync(2, Cancel);
        var serverSpan = spans.Single(s => s.Kind == ActivityKind.Server);
        var child = spans.Single(s => s.Kind == ActivityKind.Internal);
        Assert.Equal("runtime.v1.RuntimeService/RunPodSandbox", serverSpan.DisplayName);
        Assert.Equal("/runtime.v1.RuntimeService/RunPodSandbox", child.DisplayName);
        Assert.Equal(serverSpan.SpanId, child.ParentSpanId);
        Assert.True(Guid.TryParse((string)child.GetTagItem("id")!, out _));
        Assert.Equal("/runtime.v1.RuntimeService/RunPodSandbox", child.GetTagItem("name"));
        Assert.Same(child, server.Runtime.SeenActivity);
        Assert.Empty(serverSpan.Events);

        var messages = child.Events.Select(e => (string)e.Tags.First(t => t.Key == "log.message").Value!).ToList();
        Assert.Equal(3, messages.Count);
        Assert.StartsWith("Request: {\"config\":", messages[0], StringComparison.Ordinal);
        Assert.Equal("Running pod sandbox nginx in default", messages[1]);
        Assert.Equal("Response: {\"podSandboxId\":\"sandbox-1\"}", messages[2]);
        Assert.All(child.Events, e =>
        {
            Assert.Equal("log", e.Name);
            Assert.Equal(child.GetTagItem("id"), e.Tags.Single(t => t.Key == "id").Value);
            Assert.Equal(child.GetTagItem("name"), e.Tags.Single(t => t.Key == "name").Value);
        });
    }

    [Theory]
    [InlineData("not-a-traceparent")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0x")]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")]
    public async Task Malformed_traceparent_makes_a_root_and_never_fails_the_call(string traceParent)
    {
        using var diagnostics = new SelfDiagnostics();
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync();
        var client = server.CreateClient();

        await client.VersionAsync(new VersionRequest(), Options(traceParent, "a=b", "%%%"));

        var span = (await capture.WaitForAsync(1, Cancel)).Single();
        Assert.Equal(default, span.ParentSpanId);
        Assert.Null(span.TraceStateString);
        Assert.Equal("OK", span.GetTagItem("rpc.response.status_code"));
        Assert.Contains("InvalidHeaderIgnored: traceparent | /runtime.v1.RuntimeService/Version", diagnostics.Events);
    }

    [Fact]
    public async Task Oversized_tracestate_is_dropped_and_the_parent_kept()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync();
        var client = server.CreateClient();
        var oversized = string.Join(',', Enumerable.Range(0, 30).Select(i => $"k{i}=" + new string('v', 20)));

        await client.VersionAsync(new VersionRequest(), Options(SampledParent, oversized));

        var span = (await capture.WaitForAsync(1, Cancel)).Single();
        Assert.Equal("b7ad6b7169203331", span.ParentSpanId.ToHexString());
        Assert.True(string.IsNullOrEmpty(span.TraceStateString));
    }

    [Fact]
    public async Task Health_service_is_excluded_by_default()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync();
        var invoker = server.CreateInvoker();
        var checks = OtherServices.HealthChecks;

        var health = await invoker.AsyncUnaryCall(OtherServices.CheckMethod, null, Options(), new VersionRequest()).ResponseAsync;
        await new RuntimeService.RuntimeServiceClient(invoker).VersionAsync(new VersionRequest(), Options());

        // The health call did reach the server and was served.
        Assert.Equal("SERVING", health.Version);
        Assert.Equal(checks + 1, OtherServices.HealthChecks);
        var span = (await capture.WaitForAsync(1, Cancel)).Single();
        Assert.Equal("runtime.v1.RuntimeService/Version", span.DisplayName);
    }

    [Fact]
    public async Task Excluded_polling_call_records_nothing_but_hands_its_parent_downstream()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync(o => o.ExcludeKubeletPolling = true);
        var downstream = WireDownstream(server);
        var client = server.CreateClient();

        await client.StatusAsync(new StatusRequest(), Options(SampledParent, "vendor=1", "user=alice"));

        // The downstream call is the only span, and a child of the kubelet's span itself.
        var span = (await capture.WaitForAsync(1, Cancel)).Single();
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("b7ad6b7169203331", span.ParentSpanId.ToHexString());
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", span.TraceId.ToHexString());
        Assert.Equal(span.Id, downstream.LastHeader("traceparent"));
        Assert.Equal("vendor=1", downstream.LastHeader("tracestate"));
        Assert.Equal("user=alice", downstream.LastHeader("baggage"));
    }

    [Fact]
    public async Task Excluded_call_with_an_excluded_downstream_forwards_the_incoming_traceparent_as_is()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync(o => o.ExcludedMethods.Add("runtime.v1.RuntimeService/Status"));
        var downstream = WireDownstream(server, new CriClientTracingOptions { ExcludedMethods = ["runtime.v1.RuntimeService/*"] });
        var client = server.CreateClient();

        await client.StatusAsync(new StatusRequest(), Options(SampledParent));

        Assert.Empty(capture.Spans);
        Assert.Equal(SampledParent, downstream.LastHeader("traceparent"));
    }

    [Fact]
    public async Task Unsampled_parent_creates_no_activity_when_the_rate_is_known_yet_reaches_downstream()
    {
        using var capture = new SpanCapture(CriSamplers.ParentBasedPerMillion(1_000_000), CriTracing.ActivitySourceName);
        using var started = new ActivityCounter(CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync(o => o.SamplingRatePerMillion = 1_000_000);
        var downstream = WireDownstream(server, new CriClientTracingOptions { SamplingRatePerMillion = 1_000_000 });
        var client = server.CreateClient();

        await client.VersionAsync(new VersionRequest(), Options(UnsampledParent));

        Assert.Equal(0, started.Count);
        Assert.Empty(capture.Spans);
        Assert.Equal(UnsampledParent, downstream.LastHeader("traceparent"));
    }

    [Fact]
    public async Task Unsampled_parent_without_a_known_rate_leaves_the_decision_to_the_sdk()
    {
        using var capture = new SpanCapture(CriSamplers.ParentBasedPerMillion(1_000_000), CriTracing.ActivitySourceName);
        using var started = new ActivityCounter(CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync();
        var downstream = WireDownstream(server);
        var client = server.CreateClient();

        await client.VersionAsync(new VersionRequest(), Options(UnsampledParent));

        // The SDK's propagation-only Activity carries the unsampled trace on.
        Assert.Empty(capture.Spans);
        Assert.True(started.Count >= 1);
        var forwarded = downstream.LastHeader("traceparent")!;
        Assert.StartsWith("00-0af7651916cd43dd8448eb211c80319c-", forwarded, StringComparison.Ordinal);
        Assert.EndsWith("-00", forwarded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_zero_root_records_nothing_and_creates_no_activity()
    {
        using var capture = new SpanCapture(CriSamplers.ParentBasedPerMillion(0), CriTracing.ActivitySourceName);
        using var started = new ActivityCounter(CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync(o => o.SamplingRatePerMillion = 0);
        var client = server.CreateClient();

        await client.VersionAsync(new VersionRequest(), Options());
        await client.VersionAsync(new VersionRequest(), Options(SampledParent));

        // The sampled parent still wins over the rate.
        Assert.Equal(1, started.Count);
        var span = (await capture.WaitForAsync(1, Cancel)).Single();
        Assert.Equal("b7ad6b7169203331", span.ParentSpanId.ToHexString());
    }

    [Theory]
    [InlineData(RpcSemanticConventions.Old)]
    [InlineData(RpcSemanticConventions.Both)]
    public async Task Older_conventions_on_request(RpcSemanticConventions conventions)
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync(o => o.SemanticConventions = conventions);
        var client = server.CreateClient();

        await Assert.ThrowsAsync<RpcException>(() => client.PodSandboxStatusAsync(new PodSandboxStatusRequest(), Options()).ResponseAsync);

        var span = (await capture.WaitForAsync(1, Cancel)).Single();
        Assert.Equal("runtime.v1.RuntimeService/PodSandboxStatus", span.DisplayName);
        Assert.Equal("grpc", span.GetTagItem("rpc.system"));
        Assert.Equal("runtime.v1.RuntimeService", span.GetTagItem("rpc.service"));
        Assert.Equal(5, span.GetTagItem("rpc.grpc.status_code"));
        if (conventions == RpcSemanticConventions.Old)
        {
            Assert.Equal("PodSandboxStatus", span.GetTagItem("rpc.method"));
            Assert.Null(span.GetTagItem("rpc.system.name"));
            Assert.Null(span.GetTagItem("rpc.response.status_code"));
        }
        else
        {
            Assert.Equal("runtime.v1.RuntimeService/PodSandboxStatus", span.GetTagItem("rpc.method"));
            Assert.Equal("grpc", span.GetTagItem("rpc.system.name"));
            Assert.Equal("NOT_FOUND", span.GetTagItem("rpc.response.status_code"));
        }
    }

    [Fact]
    public async Task Without_a_listener_nothing_is_observed_or_sent()
    {
        await using var server = await TracedCriServer.StartAsync();
        var downstream = WireDownstream(server);
        var client = server.CreateClient();

        await client.VersionAsync(new VersionRequest(), Options(SampledParent));

        Assert.Null(server.Runtime.SeenActivity);
        Assert.Null(downstream.LastHeader("traceparent"));
    }

    internal static CallOptions Options(string? traceParent = null, string? traceState = null, string? baggage = null)
    {
        var headers = new Metadata();
        if (traceParent is not null)
        {
            headers.Add("traceparent", traceParent);
        }

        if (traceState is not null)
        {
            headers.Add("tracestate", traceState);
        }

        if (baggage is not null)
        {
            headers.Add("baggage", baggage);
        }

        return new CallOptions(headers, cancellationToken: Cancel);
    }

    internal static RunPodSandboxRequest PodRequest() => new()
    {
        Config = new PodSandboxConfig { Metadata = new PodSandboxMetadata { Name = "nginx", Namespace = "default", Uid = "uid-1" } },
        RuntimeHandler = "runc",
    };

    /// <summary>Makes the runtime's Version, Status and RunPodSandbox call a canned downstream server through a traced client.</summary>
    internal static CannedGrpcHandler WireDownstream(TracedCriServer server, CriClientTracingOptions? options = null)
    {
        var downstream = new CannedGrpcHandler { Messages = [new VersionResponse()], Status = 0 };
        options ??= new CriClientTracingOptions();
        options.Endpoint ??= CriEndpoint.Parse("unix:///run/next/next.sock");
        var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = downstream });
        var client = new RuntimeService.RuntimeServiceClient(channel.Intercept(new CriClientTracingInterceptor(options)));
        server.Runtime.Downstream = async () => await client.VersionAsync(new VersionRequest(), new CallOptions(cancellationToken: Cancel));
        return downstream;
    }
}
