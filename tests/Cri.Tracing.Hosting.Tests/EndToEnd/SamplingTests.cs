using System.Diagnostics;
using Cri.Protos;
using Cri.Protos.V1;
using Cri.Testing.Otlp;
using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting.Tests.Support;

namespace Cri.Tracing.Hosting.Tests.EndToEnd;

/// <summary>The ecosystem's parent-based per-million sampling, seen from what reaches the collector.</summary>
[Collection(TracingCollection.Name)]
public sealed class SamplingTests
{
    private const string Version = "runtime.v1.RuntimeService/Version";

    [Fact]
    public async Task At_rate_0_an_unsampled_parent_and_a_call_without_parent_export_nothing()
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        await using var runtime = await TracedRuntime.StartAsync(TracedRuntime.Exporting(receiver.GrpcHostPort, 0));
        using var channel = runtime.CreateTracedChannel();
        var client = new RuntimeService.RuntimeServiceClient(channel.Invoker);

        using (TestTraces.StartUnderRemoteParent("unsampled", sampled: false))
        {
            await client.VersionAsync(new VersionRequest(), TracedRuntime.Call);
        }

        Activity.Current = null;
        await client.VersionAsync(new VersionRequest(), TracedRuntime.Call);

        // A sampled call last: once its spans are in, the others would have been too.
        string marker;
        using (var sampled = TestTraces.StartUnderRemoteParent("marker", sampled: true))
        {
            marker = sampled.TraceId.ToHexString();
            await client.VersionAsync(new VersionRequest(), TracedRuntime.Call);
        }

        var spans = await receiver.WaitForSpansAsync(received => received.Count(span => span.TraceId == marker) == 3, TimeSpan.FromSeconds(30));
        Assert.All(spans, span => Assert.Equal(marker, span.TraceId));
        Assert.Equal(2, spans.Count(span => span.Name == Version));
    }

    [Fact]
    public async Task At_one_million_per_million_every_root_call_is_exported()
    {
        const int Calls = 5;
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        await using var runtime = await TracedRuntime.StartAsync(TracedRuntime.Exporting(receiver.GrpcHostPort, CriTracingOptions.MaxSamplingRatePerMillion));
        using var channel = runtime.CreateTracedChannel();
        var client = new RuntimeService.RuntimeServiceClient(channel.Invoker);

        Activity.Current = null;
        for (var i = 0; i < Calls; i++)
        {
            await client.VersionAsync(new VersionRequest(), TracedRuntime.Call);
        }

        var spans = await receiver.WaitForSpansAsync(received => received.Count == 2 * Calls, TimeSpan.FromSeconds(30));
        var roots = spans.Where(span => span.Kind == ActivityKind.Client).ToList();
        Assert.Equal(Calls, roots.Select(span => span.TraceId).Distinct().Count());
        Assert.All(roots, root =>
        {
            Assert.Null(root.ParentSpanId);
            Assert.Single(spans, span => span.Kind == ActivityKind.Server && span.ParentSpanId == root.SpanId);
        });
    }
}
