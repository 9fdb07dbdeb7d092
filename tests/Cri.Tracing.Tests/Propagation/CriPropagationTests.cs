using System.Diagnostics;
using Cri.Tracing.Propagation.Internal;
using Cri.Tracing.Tests.Instrumentation;
using Grpc.Core;
using OpenTelemetry.Context.Propagation;

namespace Cri.Tracing.Tests.Propagation;

public sealed class CriPropagationTests
{
    private const string Parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public void Extracts_a_remote_parent_with_tracestate_and_baggage()
    {
        var context = Extract(Headers(Parent, "vendor=value,other=x", "user=alice,team=node"));

        Assert.True(context.ActivityContext.IsRemote);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", context.ActivityContext.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", context.ActivityContext.SpanId.ToHexString());
        Assert.Equal(ActivityTraceFlags.Recorded, context.ActivityContext.TraceFlags);
        Assert.Equal("vendor=value,other=x", context.ActivityContext.TraceState);
        Assert.Equal("alice", context.Baggage.GetBaggage("user"));
    }

    [Fact]
    public void Tracestate_longer_than_512_characters_is_ignored_but_the_parent_kept()
    {
        var longState = string.Join(',', Enumerable.Range(0, 20).Select(i => $"k{i}=" + new string('v', 30)));
        Assert.True(longState.Length > 512);

        var context = Extract(Headers(Parent, longState, null));

        Assert.Equal("b7ad6b7169203331", context.ActivityContext.SpanId.ToHexString());
        Assert.True(string.IsNullOrEmpty(context.ActivityContext.TraceState));
    }

    [Fact]
    public void Tracestate_split_over_fields_counts_its_joined_length()
    {
        var half = string.Join(',', Enumerable.Range(0, 9).Select(i => $"a{i}=" + new string('v', 25)));
        var headers = Headers(Parent, null, null);
        headers.Add("tracestate", half);
        headers.Add("tracestate", half.Replace('a', 'b'));
        Assert.True(half.Length < 512 && (2 * half.Length) + 1 > 512);

        Assert.True(string.IsNullOrEmpty(Extract(headers).ActivityContext.TraceState));
    }

    [Fact]
    public void Tracestate_of_33_members_is_ignored_by_opentelemetry_already()
    {
        var members = string.Join(',', Enumerable.Range(0, 33).Select(i => $"k{i}=v"));
        Assert.True(members.Length <= 512);

        var context = Extract(Headers(Parent, members, null));

        Assert.NotEqual(default, context.ActivityContext);
        Assert.True(string.IsNullOrEmpty(context.ActivityContext.TraceState));
    }

    [Theory]
    [InlineData("not a header")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra")]
    public void Malformed_traceparent_yields_no_parent(string traceParent)
        => Assert.Equal(default, Extract(Headers(traceParent, "a=b", null)).ActivityContext);

    [Fact]
    public void Malformed_baggage_items_are_skipped()
    {
        var context = Extract(Headers(Parent, null, "novalue,=empty,good=1,%%%=%%%"));

        Assert.Equal("1", context.Baggage.GetBaggage("good"));
        Assert.Null(context.Baggage.GetBaggage("novalue"));
    }

    // As the server does: the traceparent read and validated first, then extracted.
    private static PropagationContext Extract(Metadata metadata)
    {
        var headers = FakeServerCallContext.HeadersOf(metadata);
        TraceParentHeader.Read(headers.Get(TraceParentHeader.Name), out var traceParent);
        return CriPropagation.Extract(headers, traceParent);
    }

    private static Metadata Headers(string? traceParent, string? traceState, string? baggage)
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

        return headers;
    }
}
