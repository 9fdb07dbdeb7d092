using System.Diagnostics;
using Cri.Protos;
using Cri.Protos.V1;
using Cri.SampleClient;
using Cri.SampleRuntime;
using Cri.Testing.Otlp;
using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting.Tests.Support;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;

namespace Cri.Tracing.Hosting.Tests.EndToEnd;

/// <summary>
/// The sample runtime with <c>AddCriTracing</c>, driven by the project's client, exporting over OTLP to a receiver:
/// a pod start is one connected trace from the caller to the runtime's phases, with the runtime's resource and logs.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class ExportEndToEndTests
{
    private const string RunPodSandbox = "runtime.v1.RuntimeService/RunPodSandbox";

    [Theory]
    [InlineData(OtlpProtocol.Grpc)]
    [InlineData(OtlpProtocol.HttpProtobuf)]
    public async Task Pod_start_is_one_trace_from_the_caller_through_client_and_server_to_the_phases(OtlpProtocol protocol)
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        var endpoint = protocol == OtlpProtocol.Grpc ? receiver.GrpcHostPort : receiver.HttpEndpoint;

        // Rate 0: only the sampled parent makes this trace recorded, as with a kubelet that traces.
        await using var runtime = await TracedRuntime.StartAsync(TracedRuntime.Exporting(endpoint, 0, protocol));

        string traceId;
        using (var caller = TestTraces.StartUnderRemoteParent("kubelet.syncPod", sampled: true))
        {
            traceId = caller.TraceId.ToHexString();
            var output = new StringWriter();
            var exit = await SampleClientCli.RunAsync(
                ["-r", runtime.Endpoint, "runp", "--name", "web", "--namespace", "default"],
                output,
                TextWriter.Null,
                TestContext.Current.CancellationToken,
                (invoker, _) => invoker.Intercept(runtime.CreateClientInterceptor()));
            Assert.Equal(0, exit);
        }

        var spans = (await receiver.WaitForSpansAsync(received => received.Count(span => span.TraceId == traceId) >= 7, TimeSpan.FromSeconds(30)))
            .Where(span => span.TraceId == traceId)
            .ToList();
        var caller0 = Assert.Single(spans, span => span.Name == "kubelet.syncPod");
        var command = Assert.Single(spans, span => span.Name == "runp");
        var client = Assert.Single(spans, span => span.Name == RunPodSandbox && span.Kind == ActivityKind.Client);
        var server = Assert.Single(spans, span => span.Name == RunPodSandbox && span.Kind == ActivityKind.Server);
        Assert.Equal(caller0.SpanId, command.ParentSpanId);
        Assert.Equal(command.SpanId, client.ParentSpanId);
        Assert.Equal(client.SpanId, server.ParentSpanId);
        foreach (var phase in new[] { "setup_network", "create_sandbox_container", "start_sandbox_container" })
        {
            var span = Assert.Single(spans, span => span.Name == phase);
            Assert.Equal(server.SpanId, span.ParentSpanId);
            Assert.Equal(SampleRuntimeHost.ActivitySourceName, span.ScopeName);
        }

        Assert.Equal(CriTracing.ActivitySourceName, server.ScopeName);
        Assert.Equal("OK", server.Attributes["rpc.response.status_code"]);
        Assert.Equal(SampleRuntimeHost.ServiceName, server.ResourceAttributes["service.name"]);
        Assert.Equal(Environment.MachineName, server.ResourceAttributes["host.name"]);
        Assert.Equal((long)Environment.ProcessId, server.ResourceAttributes["process.pid"]);

        // The console shows warnings only; the log bridge still turns the Information lines into events.
        var log = Assert.Single(server.Events, e => e.Name == "log" && ((string)e.Attributes["log.message"]!).StartsWith("Running pod sandbox default/web", StringComparison.Ordinal));
        Assert.Equal("INFO", log.Attributes["log.severity"]);
    }

    [Fact]
    public async Task AddCriClient_gives_the_typed_clients_client_spans()
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        await using var runtime = await TracedRuntime.StartAsync(TracedRuntime.Exporting(receiver.GrpcHostPort, CriTracingOptions.MaxSamplingRatePerMillion));
        await using var services = new ServiceCollection().AddCriClient(runtime.Endpoint).BuildServiceProvider();

        var runtimeClient = services.GetRequiredService<RuntimeService.RuntimeServiceClient>();
        await runtimeClient.VersionAsync(new VersionRequest(), TracedRuntime.Call);
        await services.GetRequiredService<ImageService.ImageServiceClient>().ListImagesAsync(new ListImagesRequest(), TracedRuntime.Call);

        var spans = await receiver.WaitForSpansAsync(received => received.Count(span => span.Kind == ActivityKind.Client) >= 2 && received.Count(span => span.Kind == ActivityKind.Server) >= 2, TimeSpan.FromSeconds(30));
        foreach (var name in new[] { "runtime.v1.RuntimeService/Version", "runtime.v1.ImageService/ListImages" })
        {
            var client = Assert.Single(spans, span => span.Name == name && span.Kind == ActivityKind.Client);
            var server = Assert.Single(spans, span => span.Name == name && span.Kind == ActivityKind.Server);
            Assert.Null(client.ParentSpanId);
            Assert.Equal(client.SpanId, server.ParentSpanId);
            Assert.Equal(client.TraceId, server.TraceId);
            Assert.Equal(CriEndpoint.Parse(runtime.Endpoint).SocketPath, client.Attributes["server.address"]);
        }
    }
}
