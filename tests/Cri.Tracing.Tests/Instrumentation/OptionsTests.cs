using Cri.Tracing.Instrumentation;
using Cri.Tracing.Instrumentation.Internal;
using Cri.Tracing.Propagation.Internal;
using Cri.Tracing.Sampling;

namespace Cri.Tracing.Tests.Instrumentation;

public sealed class OptionsTests
{
    [Theory]
    [InlineData(null, RpcSemanticConventions.Current)]
    [InlineData("", RpcSemanticConventions.Current)]
    [InlineData("http", RpcSemanticConventions.Current)]
    [InlineData("rpc", RpcSemanticConventions.Current)]
    [InlineData("rpc/old", RpcSemanticConventions.Old)]
    [InlineData("http, RPC/OLD", RpcSemanticConventions.Old)]
    [InlineData("rpc/dup", RpcSemanticConventions.Both)]
    [InlineData("rpc/old,rpc/dup", RpcSemanticConventions.Both)]
    public void Conventions_follow_the_stability_opt_in(string? value, RpcSemanticConventions expected)
        => Assert.Equal(expected, CriInstrumentationOptions.ReadSemanticConventions(value));

    [Theory]
    [InlineData("Status")]
    [InlineData("runtime.v1.RuntimeService/")]
    [InlineData("/")]
    [InlineData("a/b/c")]
    public void Malformed_exclusion_fails_when_the_interceptor_is_built(string pattern)
    {
        var client = Assert.Throws<ArgumentException>(() => new CriClientTracingInterceptor(new CriClientTracingOptions { ExcludedMethods = [pattern] }));
        var server = Assert.Throws<ArgumentException>(() => new CriServerTracingInterceptor(new CriServerTracingOptions { ExcludedMethods = [pattern] }));
        Assert.Contains(pattern, client.Message, StringComparison.Ordinal);
        Assert.Contains(pattern, server.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runtime.v1.RuntimeService/Status", "/runtime.v1.RuntimeService/Status", true)]
    [InlineData("/runtime.v1.RuntimeService/Status", "runtime.v1.RuntimeService/Status", true)]
    [InlineData("runtime.v1.RuntimeService/Status", "runtime.v1.RuntimeService/StatusX", false)]
    [InlineData("runtime.v1.ImageService/*", "/runtime.v1.ImageService/PullImage", true)]
    [InlineData("runtime.v1.ImageService/*", "/runtime.v1.ImageServiceX/PullImage", false)]
    public void Exclusion_matches_methods_and_services(string pattern, string method, bool excluded)
        => Assert.Equal(excluded, new MethodExclusion([pattern], excludeKubeletPolling: false).IsExcluded(method));

    [Fact]
    public void Kubelet_polling_list_names_real_methods_only()
        => Assert.All(MethodExclusion.KubeletPollingMethods, m => Assert.True(Cri.Protos.CriMethodCatalog.TryGetByPath("/" + m, out _), m));

    [Fact]
    public void Payload_bound_and_event_cap_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CriServerTracingOptions { MaxPayloadLength = 63 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CriServerTracingOptions { MaxEventsPerSpan = -1 });
        Assert.Throws<ArgumentNullException>(() => new CriServerTracingOptions { ExcludedMethods = null! });
    }

    [Fact]
    public void Defaults_trace_everything_but_health_checks()
    {
        var options = new CriServerTracingOptions();

        Assert.Equal(["grpc.health.v1.Health/*"], options.ExcludedMethods);
        Assert.False(options.ExcludeKubeletPolling);
        Assert.False(options.RecordPayloads);
        Assert.False(options.CrioSpanLayout);
        Assert.Null(options.SamplingRatePerMillion);
        Assert.Equal(4096, options.MaxPayloadLength);
        Assert.Equal(128, options.MaxEventsPerSpan);
        Assert.Null(options.Sampler);
        Assert.Null(options.Endpoint);
        Assert.Null(new CriClientTracingOptions().Endpoint);
    }

    [Fact]
    public void Interceptors_built_from_the_same_ioptions_share_their_state()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new CriServerTracingOptions());

        Assert.Same(ServerTracing.For(options.Value), ServerTracing.For(options.Value));
        Assert.NotSame(ServerTracing.For(options.Value), ServerTracing.For(new CriServerTracingOptions()));
        Assert.NotNull(new CriServerTracingInterceptor(options));
        Assert.NotNull(new CriClientTracingInterceptor(Microsoft.Extensions.Options.Options.Create(new CriClientTracingOptions())));
    }

    [Fact]
    public void Reloadable_rate_is_read_per_call_and_wins_over_the_fixed_one()
    {
        var sampler = new ReloadablePerMillionSampler(0);
        var settings = new TracingSettings(new CriInstrumentationOptions { SamplingRatePerMillion = 1_000_000, Sampler = sampler });

        Assert.False(settings.MayRecord(TraceParentState.Absent));
        sampler.SetRate(1);
        Assert.True(settings.MayRecord(TraceParentState.Absent));
        Assert.False(settings.MayRecord(TraceParentState.NotSampled));
        Assert.True(settings.MayRecord(TraceParentState.Sampled));
    }
}
