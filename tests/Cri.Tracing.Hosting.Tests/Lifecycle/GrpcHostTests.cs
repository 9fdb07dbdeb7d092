using System.Diagnostics;
using Cri.Protos.V1;
using Cri.Testing;
using Cri.Tracing.Hosting.Tests.Support;
using Cri.Tracing.Instrumentation;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cri.Tracing.Hosting.Tests.Lifecycle;

/// <summary>
/// A Grpc.AspNetCore host is traced by <c>AddCriTracing</c> alone: no middleware to add, none to forget, and an
/// interceptor the host adds again does not double the spans.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class GrpcHostTests
{
    private const string Version = "runtime.v1.RuntimeService/Version";

    [Fact]
    public async Task A_grpc_host_without_AddCriTracing_records_no_spans()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await CriTestServer.StartAsync(new VersionRuntime());
        using var channel = server.CreateChannel();

        Activity.Current = null;
        await new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest(), TracedRuntime.Call);

        Assert.Empty(server.App.Services.GetRequiredService<IOptions<GrpcServiceOptions>>().Value.Interceptors);
        Assert.Empty(capture.Spans);
    }

    [Fact]
    public async Task AddCriTracing_traces_a_grpc_host_with_one_server_span_per_call()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await CriTestServer.StartAsync(new VersionRuntime(), configureServices: AddTracing);
        using var channel = server.CreateChannel();

        await CallTwiceAsync(new RuntimeService.RuntimeServiceClient(channel));

        var spans = await capture.WaitForAsync(2, TestContext.Current.CancellationToken);
        Assert.Equal(2, spans.Count(span => span.Kind == ActivityKind.Server && span.DisplayName == Version));
    }

    [Fact]
    public async Task Server_spans_name_the_unix_socket_the_host_listens_on()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await CriTestServer.StartAsync(new VersionRuntime(), configureServices: AddTracing);
        using var channel = server.CreateChannel();

        await new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest(), TracedRuntime.Call);

        // The call's :authority is only "localhost": the socket comes from the server's one listening address.
        var span = Assert.Single(await capture.WaitForAsync(1, TestContext.Current.CancellationToken));
        Assert.Equal(server.SocketPath, span.GetTagItem("server.address"));
        Assert.Null(span.GetTagItem("server.port"));
    }

    [Fact]
    public async Task A_host_that_adds_the_interceptor_itself_too_still_records_one_server_span_per_call()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        await using var server = await CriTestServer.StartAsync(
            new VersionRuntime(),
            configureServices: AddTracing,
            configureGrpc: grpc => grpc.Interceptors.Add<CriServerTracingInterceptor>());
        using var channel = server.CreateChannel();
        var interceptors = server.App.Services.GetRequiredService<IOptions<GrpcServiceOptions>>().Value.Interceptors;
        Assert.Equal(2, interceptors.Count(interceptor => interceptor.Type == typeof(CriServerTracingInterceptor)));

        await CallTwiceAsync(new RuntimeService.RuntimeServiceClient(channel));

        // The interceptors ran before each response was sent: every span they would record has ended.
        var spans = await capture.WaitForAsync(2, TestContext.Current.CancellationToken);
        var servers = spans.Where(span => span.Kind == ActivityKind.Server).ToList();
        Assert.Equal(2, servers.Count);
        Assert.All(servers, span => Assert.Equal(Version, span.DisplayName));
        Assert.NotEqual(servers[0].TraceId, servers[1].TraceId);
        Assert.Equal(2, capture.Spans.Count);
    }

    /// <summary>
    /// Tracing on at every root, exporting nowhere: the test's own provider captures the spans the interceptor
    /// records, with the host's sampler deciding as the host's provider would.
    /// </summary>
    private static void AddTracing(IServiceCollection services)
        => services.AddCriTracing(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CriTracing:Enabled"] = "true",
                ["CriTracing:SamplingRatePerMillion"] = "1000000",
            }).Build(),
            options => options.ExportToCollector = false);

    private static async Task CallTwiceAsync(RuntimeService.RuntimeServiceClient client)
    {
        for (var i = 0; i < 2; i++)
        {
            Activity.Current = null;
            var version = await client.VersionAsync(new VersionRequest(), TracedRuntime.Call);
            Assert.Equal("test", version.RuntimeName);
        }
    }
}
