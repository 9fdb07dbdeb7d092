using System.Diagnostics;
using Cri.Tracing.Propagation.Internal;
using Cri.Tracing.Tests.Instrumentation;
using Grpc.Core;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace Cri.Tracing.Tests.Propagation;

public sealed class MetadataHeadersTests
{
    private const string Parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public void Get_returns_every_text_value_of_a_key_and_skips_binary_entries()
    {
        var metadata = new Metadata
        {
            { "tracestate", "a=1" },
            { "other", "x" },
            { "tracestate", "b=2" },
            { "traceparent-bin", [1, 2, 3] },
        };

        Assert.Equal(2, MetadataHeaders.Get(metadata, "tracestate").Count);
        Assert.Equal("a=1,b=2", MetadataHeaders.Get(metadata, "tracestate").ToString());
        Assert.Equal(0, MetadataHeaders.Get(metadata, "traceparent").Count);
        Assert.Equal(0, MetadataHeaders.Get(null, "traceparent").Count);
    }

    [Fact]
    public void Set_replaces_every_earlier_value()
    {
        var metadata = new Metadata { { "traceparent", "old-1" }, { "traceparent", "old-2" }, { "keep", "k" } };

        MetadataHeaders.Set(metadata, "traceparent", Parent);

        Assert.Equal(1, MetadataHeaders.Get(metadata, "traceparent").Count);
        Assert.Equal(Parent, MetadataHeaders.Get(metadata, "traceparent").ToString());
        Assert.Equal("k", MetadataHeaders.Get(metadata, "keep").ToString());
    }

    [Fact]
    public void Copy_for_a_call_leaves_the_callers_metadata_untouched()
    {
        var callers = new Metadata { { "traceparent", "old" }, { "x-user", "u" } };

        var copy = MetadataHeaders.CopyForCall(callers);
        MetadataHeaders.Set(copy, "traceparent", Parent);

        Assert.Equal("old", MetadataHeaders.Get(callers, "traceparent").ToString());
        Assert.Equal(Parent, MetadataHeaders.Get(copy, "traceparent").ToString());
        Assert.Equal("u", MetadataHeaders.Get(copy, "x-user").ToString());
        Assert.Empty(MetadataHeaders.CopyForCall(null));
    }

    [Theory]
    [InlineData(ActivityTraceFlags.Recorded, null)]
    [InlineData(ActivityTraceFlags.None, null)]
    [InlineData(ActivityTraceFlags.Recorded, "vendor=1,other=2")]
    public void Inject_sends_what_opentelemetrys_propagators_send(ActivityTraceFlags flags, string? traceState)
    {
        using var activity = new Activity("RunPodSandbox").SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), flags);
        activity.TraceStateString = traceState;
        activity.ActivityTraceFlags = flags;
        activity.Start();
        var baggage = Baggage.Create(new Dictionary<string, string> { ["user"] = "alice" });

        // The caller's own trace headers are replaced, its other headers kept.
        var metadata = new Metadata { { "traceparent", "old" }, { "x-user", "u" } };
        CriPropagation.Inject(activity, baggage, metadata);

        var expected = new Dictionary<string, string>();
        new CompositeTextMapPropagator([new TraceContextPropagator(), new BaggagePropagator()])
            .Inject(new PropagationContext(activity.Context, baggage), expected, (carrier, key, value) => carrier[key] = value);
        Assert.Equal(expected.OrderBy(h => h.Key), metadata.Where(e => e.Key != "x-user").Select(e => KeyValuePair.Create(e.Key, e.Value)).OrderBy(h => h.Key));
        Assert.Equal(traceState is null ? 2 : 3, expected.Count);
        Assert.Equal("u", MetadataHeaders.Get(metadata, "x-user").ToString());
    }

    [Fact]
    public void Inject_sends_no_trace_context_for_a_hierarchical_activity_as_opentelemetry_does_not()
    {
        using var activity = new Activity("RunPodSandbox");
        activity.SetIdFormat(ActivityIdFormat.Hierarchical);
        activity.Start();
        var metadata = new Metadata();

        CriPropagation.Inject(activity, default, metadata);

        var expected = new Dictionary<string, string>();
        new TraceContextPropagator().Inject(new PropagationContext(activity.Context, default), expected, (carrier, key, value) => carrier[key] = value);
        Assert.Empty(expected);
        Assert.Empty(metadata);
    }

    [Fact]
    public async Task Captured_incoming_context_keeps_tracestate_and_baggage_for_this_flow_only()
    {
        var metadata = new Metadata { { "traceparent", Parent }, { "tracestate", "vendor=1" }, { "baggage", "user=alice" } };

        await Task.Run(() =>
        {
            IncomingTraceContext.Capture(FakeServerCallContext.HeadersOf(metadata), Parent);
            var captured = IncomingTraceContext.Current!;
            Assert.Equal(Parent, captured.TraceParent);
            Assert.Equal("vendor=1", captured.TraceState);
            Assert.Equal("alice", captured.Baggage.GetBaggage("user"));
            Assert.True(captured.IsSampled);
        }, TestContext.Current.CancellationToken);

        Assert.Null(IncomingTraceContext.Current);
    }
}
