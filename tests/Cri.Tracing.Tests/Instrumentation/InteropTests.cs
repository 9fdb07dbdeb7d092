using System.Diagnostics;
using Cri.Protos.V1;
using Cri.Testing;
using Grpc.Core;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Tests.Instrumentation;

/// <summary>
/// The interceptors next to the rest of the .NET tracing stack: Grpc.Net.Client's own activity,
/// OpenTelemetry's HttpClient, GrpcNetClient and ASP.NET Core instrumentation.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class InteropTests
{
    private static readonly ActivitySource Kubelet = new("Cri.Tracing.Tests.Interop");

    public enum ClientProcess
    {
        /// <summary>Only Cri.Tracing is listened to.</summary>
        Nothing,

        /// <summary>Grpc.Net.Client's own ActivitySource is listened to.</summary>
        GrpcNetClientSource,

        /// <summary>OpenTelemetry's HttpClient instrumentation.</summary>
        HttpClientInstrumentation,

        /// <summary>OpenTelemetry's GrpcNetClient instrumentation.</summary>
        GrpcClientInstrumentation,

        /// <summary>OpenTelemetry's HttpClient and GrpcNetClient instrumentation.</summary>
        Both,
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ClientProcess.Nothing)]
    [InlineData(ClientProcess.GrpcNetClientSource)]
    [InlineData(ClientProcess.HttpClientInstrumentation)]
    [InlineData(ClientProcess.GrpcClientInstrumentation)]
    [InlineData(ClientProcess.Both)]
    public async Task One_client_span_and_one_traceparent_per_call(ClientProcess process)
    {
        using var capture = new SpanCapture(null, b => Configure(b, process), CriTracing.ActivitySourceName, Kubelet.Name);
        await using var server = await TracedCriServer.StartAsync(tcp: true);
        var client = server.CreateClient(server.ClientOptions());

        using (Kubelet.StartActivity("syncPod"))
        {
            await client.VersionAsync(new VersionRequest(), new CallOptions(cancellationToken: Cancel));
            await client.StatusAsync(new StatusRequest(), new CallOptions(cancellationToken: Cancel));
        }

        var spans = await capture.WaitForAsync(5, Cancel);
        var clients = spans.Where(s => s.Kind == ActivityKind.Client).ToList();
        Assert.True(clients.Count == 2, $"CLIENT spans: {string.Join(", ", clients.Select(s => $"{s.Source.Name}:{s.DisplayName}"))}");
        Assert.All(clients, s => Assert.Equal(CriTracing.ActivitySourceName, s.Source.Name));

        var calls = server.Runtime.Calls;
        Assert.Equal(2, calls.Count);
        for (var i = 0; i < calls.Count; i++)
        {
            var clientSpan = clients[i];
            var expected = clientSpan.Id!;
            Assert.Equal([expected], calls[i].MetadataTraceParents);
            Assert.Equal([expected], calls[i].HttpTraceParents);
            Assert.Equal(clientSpan.SpanId, calls[i].Activity!.ParentSpanId);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Server_span_nests_under_a_recorded_http_server_span_in_one_tree(bool aspNetCoreInstrumentation)
    {
        using var capture = new SpanCapture(
            null,
            b =>
            {
                if (aspNetCoreInstrumentation)
                {
                    b.AddAspNetCoreInstrumentation();
                }
            },
            CriTracing.ActivitySourceName,
            Kubelet.Name);
        await using var server = await TracedCriServer.StartAsync(tcp: true);
        var client = server.CreateClient(server.ClientOptions());

        using (Kubelet.StartActivity("syncPod"))
        {
            await client.RunPodSandboxAsync(ServerTracingTests.PodRequest(), new CallOptions(cancellationToken: Cancel));
        }

        var spans = await capture.WaitForAsync(aspNetCoreInstrumentation ? 4 : 3, Cancel);
        var root = spans.Single(s => s.DisplayName == "syncPod");
        var clientSpan = spans.Single(s => s.Kind == ActivityKind.Client);
        var criServer = spans.Single(s => s.Kind == ActivityKind.Server && s.Source.Name == CriTracing.ActivitySourceName);
        Assert.All(spans, s => Assert.Equal(root.TraceId, s.TraceId));
        Assert.All(spans.Where(s => s != root), s => Assert.Contains(spans, p => p.SpanId == s.ParentSpanId));
        Assert.Same(criServer, server.Runtime.SeenActivity);
        if (aspNetCoreInstrumentation)
        {
            var http = spans.Single(s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore");
            Assert.Equal(clientSpan.SpanId, http.ParentSpanId);
            Assert.Equal(http.SpanId, criServer.ParentSpanId);
            Assert.False(criServer.HasRemoteParent);
        }
        else
        {
            Assert.Equal(clientSpan.SpanId, criServer.ParentSpanId);
            Assert.True(criServer.HasRemoteParent);
        }
    }

    [Fact]
    public async Task Server_streaming_call_is_one_span_on_each_side_ending_with_the_stream()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync();
        var client = server.CreateClient(server.ClientOptions());

        using var call = client.GetContainerEvents(new GetEventsRequest(), new CallOptions(cancellationToken: Cancel));
        var received = 0;
        while (await call.ResponseStream.MoveNext(Cancel))
        {
            received++;
            Assert.DoesNotContain(capture.Spans, s => s.Kind == ActivityKind.Client);
        }

        var spans = await capture.WaitForAsync(2, Cancel);
        Assert.Equal(3, received);
        var clientSpan = Assert.Single(spans, s => s.Kind == ActivityKind.Client);
        var serverSpan = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.All(spans, s => Assert.Equal("runtime.v1.RuntimeService/GetContainerEvents", s.DisplayName));
        Assert.Equal(clientSpan.SpanId, serverSpan.ParentSpanId);
        Assert.All(spans, s => Assert.Equal("OK", s.GetTagItem("rpc.response.status_code")));
        await Task.Delay(100, Cancel);
        Assert.Equal(2, capture.Spans.Count);
    }

    [Fact]
    public async Task Unknown_streaming_method_is_one_other_span_on_each_side()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync();
        var invoker = server.CreateInvoker(server.ClientOptions());

        using var call = invoker.AsyncServerStreamingCall(OtherServices.DoThingMethod, null, new CallOptions(cancellationToken: Cancel), new VersionRequest());
        var received = 0;
        while (await call.ResponseStream.MoveNext(Cancel))
        {
            received++;
            Assert.DoesNotContain(capture.Spans, s => s.Kind == ActivityKind.Client);
        }

        var spans = await capture.WaitForAsync(2, Cancel);
        Assert.Equal(2, received);
        var clientSpan = Assert.Single(spans, s => s.Kind == ActivityKind.Client);
        var serverSpan = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.All(spans, s =>
        {
            Assert.Equal("_OTHER", s.DisplayName);
            Assert.Equal("example.v1.Other/DoThing", s.GetTagItem("rpc.method_original"));
            Assert.Equal("OK", s.GetTagItem("rpc.response.status_code"));
        });
        Assert.Equal(clientSpan.SpanId, serverSpan.ParentSpanId);
        await Task.Delay(100, Cancel);
        Assert.Equal(2, capture.Spans.Count);
    }

    private static void Configure(TracerProviderBuilder builder, ClientProcess process)
    {
        switch (process)
        {
            case ClientProcess.GrpcNetClientSource:
                builder.AddSource("Grpc.Net.Client");
                break;
            case ClientProcess.HttpClientInstrumentation:
                builder.AddHttpClientInstrumentation();
                break;
            case ClientProcess.GrpcClientInstrumentation:
                builder.AddGrpcClientInstrumentation();
                break;
            case ClientProcess.Both:
                builder.AddHttpClientInstrumentation().AddGrpcClientInstrumentation();
                break;
        }
    }
}
