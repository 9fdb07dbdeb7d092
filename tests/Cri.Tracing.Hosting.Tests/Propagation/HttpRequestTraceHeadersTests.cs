using Cri.Protos.V1;
using Cri.Testing;
using Cri.Tracing.Hosting.Propagation.Internal;
using Cri.Tracing.Instrumentation;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cri.Tracing.Hosting.Tests.Propagation;

public sealed class HttpRequestTraceHeadersTests
{
    private const string Parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public void AddCriTracing_has_the_server_read_trace_headers_from_the_http_request()
    {
        var services = new ServiceCollection().AddCriTracing(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<CriServerTracingInterceptor>();

        var reader = provider.GetRequiredService<IOptions<CriTracingHostingOptions>>().Value.Server.RequestHeaderReader;
        Assert.Equal(HttpRequestTraceHeaders.Read, reader);
    }

    [Fact]
    public async Task A_grpc_aspnetcore_call_is_read_from_its_http_request()
    {
        var runtime = new HeaderEchoRuntime();
        await using var server = await CriTestServer.StartAsync(runtime);
        using var channel = server.CreateChannel();
        var client = new RuntimeService.RuntimeServiceClient(channel);
        var headers = new Metadata { { "traceparent", Parent }, { "tracestate", "a=1" }, { "tracestate", "b=2" } };

        // Twice: the first call finds Grpc.AspNetCore's context type, the second is known by it.
        for (var i = 0; i < 2; i++)
        {
            var response = await client.VersionAsync(new VersionRequest(), headers, cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal(Parent, response.RuntimeName);
            // HttpClient sends repeated metadata as one field, joined as HTTP joins them.
            Assert.Equal("a=1, b=2", response.RuntimeVersion);
            Assert.Equal(string.Empty, response.RuntimeApiVersion);
        }
    }

    [Fact]
    public void A_call_grpc_aspnetcore_does_not_serve_is_read_from_its_metadata()
    {
        var call = new MetadataOnlyCall(new Metadata { { "tracestate", "a=1" }, { "other", "x" }, { "tracestate", "b=2" } });

        Assert.Equal("a=1|b=2", string.Join('|', HttpRequestTraceHeaders.Read(call, "tracestate").ToArray()));
        Assert.Equal(0, HttpRequestTraceHeaders.Read(call, "traceparent").Count);
    }

    /// <summary>Answers each call with what the reader found in it: traceparent, tracestate values, baggage.</summary>
    private sealed class HeaderEchoRuntime : RuntimeService.RuntimeServiceBase
    {
        public override Task<VersionResponse> Version(VersionRequest request, ServerCallContext context) => Task.FromResult(new VersionResponse
        {
            RuntimeName = HttpRequestTraceHeaders.Read(context, "traceparent").ToString(),
            RuntimeVersion = string.Join('|', HttpRequestTraceHeaders.Read(context, "tracestate").ToArray()),
            RuntimeApiVersion = HttpRequestTraceHeaders.Read(context, "baggage").ToString(),
        });
    }

    private sealed class MetadataOnlyCall(Metadata requestHeaders) : ServerCallContext
    {
        protected override string MethodCore => "/runtime.v1.RuntimeService/Version";

        protected override string HostCore => "localhost";

        protected override string PeerCore => "unix:";

        protected override DateTime DeadlineCore => DateTime.MaxValue;

        protected override Metadata RequestHeadersCore => requestHeaders;

        protected override CancellationToken CancellationTokenCore => CancellationToken.None;

        protected override Metadata ResponseTrailersCore => [];

        protected override Status StatusCore { get; set; }

        protected override WriteOptions? WriteOptionsCore { get; set; }

        protected override AuthContext AuthContextCore => new(null, []);

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
