namespace Cri.Tracing.Hosting.Export.Internal;

/// <summary>
/// Ended spans grouped by trace until their trace is ready to print. Not thread-safe; the clock
/// is passed in, so the waiting rules can be tested without waiting.
/// </summary>
/// <param name="quietDelay">How long a trace must go without a new span before it is ready.</param>
/// <param name="parentGrace">The same, for a trace with a span whose parent is expected here but has not ended yet.</param>
/// <param name="maxSpans">The most spans held; beyond it the oldest trace is dropped.</param>
internal sealed class TraceBuffer(TimeSpan quietDelay, TimeSpan parentGrace, int maxSpans)
{
    private readonly Dictionary<string, BufferedTrace> traces = new(StringComparer.Ordinal);
    private long nextSequence;

    /// <summary>Gets how many spans are held.</summary>
    public int SpanCount { get; private set; }

    /// <summary>Adds an ended span.</summary>
    /// <param name="span">The span.</param>
    /// <param name="parentExpected">Whether its parent is still running in this process and will end here too.</param>
    /// <param name="now">The arrival time.</param>
    /// <returns>When the span's trace becomes ready, if nothing else arrives.</returns>
    public DateTimeOffset Add(WaterfallSpan span, bool parentExpected, DateTimeOffset now)
    {
        if (!this.traces.TryGetValue(span.TraceId, out var trace))
        {
            trace = new BufferedTrace(this.nextSequence++);
            this.traces.Add(span.TraceId, trace);
        }

        trace.Add(span, parentExpected, now);
        this.SpanCount++;
        return this.ReadyAt(trace);
    }

    /// <summary>Drops the trace that arrived first when more than the maximum of spans are held.</summary>
    /// <returns>The dropped trace's id and span count, or <see langword="null"/> when within bounds.</returns>
    public (string TraceId, int SpanCount)? DropOldestIfFull()
    {
        if (this.SpanCount <= maxSpans)
        {
            return null;
        }

        var (traceId, oldest) = this.traces.MinBy(t => t.Value.Sequence);
        this.traces.Remove(traceId);
        this.SpanCount -= oldest.Spans.Count;
        return (traceId, oldest.Spans.Count);
    }

    /// <summary>Removes and returns the traces that are ready at <paramref name="now"/>, oldest first.</summary>
    public List<IReadOnlyList<WaterfallSpan>> TakeReady(DateTimeOffset now)
        => this.Take(this.traces.Where(t => this.ReadyAt(t.Value) <= now).ToList());

    /// <summary>Removes and returns every trace, oldest first.</summary>
    public List<IReadOnlyList<WaterfallSpan>> TakeAll() => this.Take(this.traces.ToList());

    /// <summary>Gets when the next trace becomes ready if nothing else arrives, or <see langword="null"/> when empty.</summary>
    public DateTimeOffset? NextReadyAt() => this.traces.Count == 0 ? null : this.traces.Values.Min(this.ReadyAt);

    private DateTimeOffset ReadyAt(BufferedTrace trace) => trace.LastArrival + (trace.AwaitingParents > 0 ? parentGrace : quietDelay);

    private List<IReadOnlyList<WaterfallSpan>> Take(List<KeyValuePair<string, BufferedTrace>> taken)
    {
        foreach (var (traceId, trace) in taken)
        {
            this.traces.Remove(traceId);
            this.SpanCount -= trace.Spans.Count;
        }

        return [.. taken.OrderBy(t => t.Value.Sequence).Select(t => (IReadOnlyList<WaterfallSpan>)t.Value.Spans)];
    }

    private sealed class BufferedTrace(long sequence)
    {
        private readonly HashSet<string> spanIds = new(StringComparer.Ordinal);

        // Parent span id -> how many held spans wait for it.
        private readonly Dictionary<string, int> awaitedParents = new(StringComparer.Ordinal);

        public long Sequence => sequence;

        public List<WaterfallSpan> Spans { get; } = [];

        public DateTimeOffset LastArrival { get; private set; }

        /// <summary>Gets how many held spans wait for a parent that has not arrived.</summary>
        public int AwaitingParents { get; private set; }

        public void Add(WaterfallSpan span, bool parentExpected, DateTimeOffset now)
        {
            this.Spans.Add(span);
            this.spanIds.Add(span.SpanId);
            this.LastArrival = now;
            if (this.awaitedParents.Remove(span.SpanId, out var waiting))
            {
                this.AwaitingParents -= waiting;
            }

            if (parentExpected && span.ParentSpanId is { } parent && !this.spanIds.Contains(parent))
            {
                this.awaitedParents[parent] = this.awaitedParents.GetValueOrDefault(parent) + 1;
                this.AwaitingParents++;
            }
        }
    }
}
