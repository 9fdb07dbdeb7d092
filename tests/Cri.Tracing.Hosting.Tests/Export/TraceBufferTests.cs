using Cri.Tracing.Hosting.Export.Internal;
using static Cri.Tracing.Hosting.Tests.Export.WaterfallSpans;

namespace Cri.Tracing.Hosting.Tests.Export;

public sealed class TraceBufferTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_trace_is_ready_once_quiet_for_the_delay()
    {
        var buffer = new TraceBuffer(Delay, Grace, 100);
        buffer.Add(Span("0000000000000002", "0000000000000001", "child", 0, 1), parentExpected: true, T0);
        var readyAt = buffer.Add(Span("0000000000000001", null, "root", 0, 2), parentExpected: false, T0.AddMilliseconds(1));

        var early = buffer.TakeReady(T0.AddMilliseconds(200));
        var ready = buffer.TakeReady(T0.AddMilliseconds(201));

        Assert.Equal(T0.AddMilliseconds(201), readyAt);
        Assert.Empty(early);
        Assert.Equal(["child", "root"], Assert.Single(ready).Select(s => s.Name));
        Assert.Equal(0, buffer.SpanCount);
        Assert.Null(buffer.NextReadyAt());
    }

    [Fact]
    public void A_straggler_restarts_the_quiet_period()
    {
        var buffer = new TraceBuffer(Delay, Grace, 100);
        buffer.Add(Span("0000000000000003", "0000000000000002", "server", 0, 1), parentExpected: false, T0);
        buffer.Add(Span("0000000000000002", null, "client", 0, 2), parentExpected: false, T0.AddMilliseconds(150));

        Assert.Empty(buffer.TakeReady(T0.AddMilliseconds(300)));
        Assert.Equal(2, Assert.Single(buffer.TakeReady(T0.AddMilliseconds(350))).Count);
    }

    [Fact]
    public void A_span_whose_parent_runs_here_waits_for_it_up_to_the_grace_period()
    {
        var buffer = new TraceBuffer(Delay, Grace, 100);
        var readyAt = buffer.Add(Span("0000000000000002", "0000000000000001", "child", 0, 1), parentExpected: true, T0);

        Assert.Equal(T0 + Grace, readyAt);
        Assert.Empty(buffer.TakeReady(T0 + Grace - TimeSpan.FromTicks(1)));
        Assert.Equal("child", Assert.Single(Assert.Single(buffer.TakeReady(T0 + Grace))).Name);
    }

    [Fact]
    public void The_awaited_parent_arriving_brings_back_the_short_delay()
    {
        var buffer = new TraceBuffer(Delay, Grace, 100);
        buffer.Add(Span("0000000000000002", "0000000000000001", "child", 0, 1), parentExpected: true, T0);
        buffer.Add(Span("0000000000000003", "0000000000000001", "sibling", 1, 1), parentExpected: true, T0);
        var readyAt = buffer.Add(Span("0000000000000001", null, "root", 0, 2), parentExpected: false, T0.AddMilliseconds(10));

        Assert.Equal(T0.AddMilliseconds(210), readyAt);
        Assert.Equal(T0.AddMilliseconds(210), buffer.NextReadyAt());
    }

    [Fact]
    public void Traces_come_out_in_arrival_order_and_the_oldest_is_dropped_when_full()
    {
        var buffer = new TraceBuffer(Delay, Grace, 3);
        buffer.Add(Span("0000000000000001", null, "a1", 0, 1, traceId: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), parentExpected: false, T0);
        buffer.Add(Span("0000000000000002", null, "b1", 0, 1, traceId: "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"), parentExpected: false, T0);
        buffer.Add(Span("0000000000000003", null, "a2", 0, 1, traceId: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), parentExpected: false, T0);
        Assert.Null(buffer.DropOldestIfFull());
        buffer.Add(Span("0000000000000004", null, "c1", 0, 1, traceId: "cccccccccccccccccccccccccccccccc"), parentExpected: false, T0);

        var dropped = buffer.DropOldestIfFull();

        Assert.Equal(("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 2), dropped);
        Assert.Equal(2, buffer.SpanCount);
        Assert.Equal(["b1", "c1"], buffer.TakeAll().Select(t => Assert.Single(t).Name));
    }
}
