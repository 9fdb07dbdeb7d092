using System.Diagnostics;
using Cri.Protos;
using Cri.Protos.V1;
using Cri.Testing;
using Cri.Tracing.Instrumentation;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Cri.Tracing.Tests.Instrumentation;

/// <summary>
/// Client and duplex streaming (other services on a CRI server) get one CLIENT and one SERVER span each, ending
/// with the stream; and the client interceptor works from grpc-dotnet's client factory with its options from DI.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class CallShapeTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Client_streaming_call_is_one_client_and_one_server_span_with_each_request_recorded(bool throughGrpcInvoker)
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync(o => o.RecordPayloads = true);
        var invoker = server.CreateInvoker(server.ClientOptions(), throughGrpcInvoker: throughGrpcInvoker);

        using var call = invoker.AsyncClientStreamingCall(OtherServices.CollectMethod, null, ServerTracingTests.Options());
        await call.RequestStream.WriteAsync(new VersionRequest { Version = "a" }, Cancel);
        await call.RequestStream.WriteAsync(new VersionRequest { Version = "b" }, Cancel);
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;

        Assert.Equal("a,b", response.Version);
        var (client, serverSpan) = await ClientAndServerAsync(capture, "example.v1.Other/Collect");
        Assert.Equal(2, PayloadEvents(serverSpan, "Request: "));
        Assert.Equal(1, PayloadEvents(serverSpan, "Response: "));
        Assert.Equal(0, PayloadEvents(client, "Request: "));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Duplex_streaming_call_is_one_client_and_one_server_span_ending_with_the_stream(bool throughGrpcInvoker)
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync(o => o.RecordPayloads = true);
        var invoker = server.CreateInvoker(server.ClientOptions(), throughGrpcInvoker: throughGrpcInvoker);

        using var call = invoker.AsyncDuplexStreamingCall(OtherServices.EchoMethod, null, ServerTracingTests.Options());
        await call.RequestStream.WriteAsync(new VersionRequest { Version = "x" }, Cancel);
        Assert.True(await call.ResponseStream.MoveNext(Cancel));
        Assert.DoesNotContain(capture.Spans, s => s.Kind == ActivityKind.Client);
        await call.RequestStream.WriteAsync(new VersionRequest { Version = "y" }, Cancel);
        await call.RequestStream.CompleteAsync();
        var echoed = new List<string> { call.ResponseStream.Current.Version };
        while (await call.ResponseStream.MoveNext(Cancel))
        {
            echoed.Add(call.ResponseStream.Current.Version);
        }

        Assert.Equal(["x", "y"], echoed);
        var (_, serverSpan) = await ClientAndServerAsync(capture, "example.v1.Other/Echo");
        Assert.Equal(2, PayloadEvents(serverSpan, "Request: "));
        Assert.Equal(2, PayloadEvents(serverSpan, "Response: "));
    }

    [Fact]
    public async Task Client_factory_interceptor_takes_its_options_from_di()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await TracedCriServer.StartAsync();
        var endpoint = CriEndpoint.Parse(server.Endpoint);
        var services = new ServiceCollection();
        services.Configure<CriClientTracingOptions>(o => o.Endpoint = endpoint);
        services.AddSingleton<CriClientTracingInterceptor>();
        services.AddGrpcClient<RuntimeService.RuntimeServiceClient>(o => o.Address = CriChannel.GetAddress(endpoint))
            .ConfigurePrimaryHttpMessageHandler(() => CriChannel.CreateHttpHandler(endpoint))
            .AddInterceptor<CriClientTracingInterceptor>();
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<RuntimeService.RuntimeServiceClient>().VersionAsync(new VersionRequest(), ServerTracingTests.Options());

        var spans = await capture.WaitForAsync(2, Cancel);
        var client = Assert.Single(spans, s => s.Kind == ActivityKind.Client);
        Assert.Equal("runtime.v1.RuntimeService/Version", client.DisplayName);
        Assert.Equal(endpoint.Host, client.GetTagItem("server.address"));
        Assert.Equal(client.SpanId, Assert.Single(spans, s => s.Kind == ActivityKind.Server).ParentSpanId);
    }

    private static async Task<(Activity Client, Activity Server)> ClientAndServerAsync(SpanCapture capture, string method)
    {
        var spans = await capture.WaitForAsync(2, Cancel);
        Assert.Equal(2, capture.Spans.Count);
        var client = Assert.Single(spans, s => s.Kind == ActivityKind.Client);
        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal(client.TraceId, server.TraceId);
        Assert.Equal(client.SpanId, server.ParentSpanId);
        foreach (var span in spans)
        {
            Assert.Equal("_OTHER", span.DisplayName);
            Assert.Equal(method, span.GetTagItem("rpc.method_original"));
            Assert.Equal("OK", span.GetTagItem("rpc.response.status_code"));
        }

        return (client, server);
    }

    private static int PayloadEvents(Activity span, string prefix)
        => span.Events.Count(e => e.Tags.Any(t => t.Key == "log.message" && t.Value is string text && text.StartsWith(prefix, StringComparison.Ordinal)));
}
