using System.Diagnostics;
using OpenTelemetry;

namespace Cri.Tracing.Propagation.Internal;

/// <summary>
/// The trace context a server call received but did not turn into a span (the method is filtered
/// or the call is not sampled), kept so the calls it makes downstream still carry it.
/// </summary>
/// <remarks>
/// Without a span there is no <see cref="Activity.Current"/> to carry the parent, and the only
/// Activity present is usually ASP.NET Core's hosting one, whose span id is never exported. An
/// <see cref="AsyncLocal{T}"/> is the one ambient slot that flows into every continuation and
/// child task of the request, as <see cref="Activity.Current"/> itself does; writing it copies the
/// execution context once per call (no Activity, no id strings). The raw, validated
/// <c>traceparent</c> string of the request is kept as is, so a call that carries only a
/// <c>traceparent</c> (the kubelet's case) parses nothing and its holder is two references;
/// <c>tracestate</c> and <c>baggage</c> are extracted, into a larger holder, only when present.
/// The holder is immutable, so a background task that outlives the request still reads that
/// request's context and never another's.
/// </remarks>
internal class IncomingTraceContext
{
    private static readonly AsyncLocal<IncomingTraceContext?> Slot = new();

    private IncomingTraceContext(Activity? entryActivity, string traceParent)
    {
        this.EntryActivity = entryActivity;
        this.TraceParent = traceParent;
    }

    /// <summary>Gets the context of the server call this code runs in, if that call kept one.</summary>
    public static IncomingTraceContext? Current => Slot.Value;

    /// <summary>
    /// Gets the Activity that was current when the server call started (typically ASP.NET Core's
    /// hosting Activity). While it is still current, no span was started since, and the incoming
    /// context is the right parent; once code starts its own span, that span is.
    /// </summary>
    public Activity? EntryActivity { get; }

    /// <summary>Gets the validated <c>traceparent</c>, in version 00 form.</summary>
    public string TraceParent { get; }

    /// <summary>Gets the validated <c>tracestate</c>, if any.</summary>
    public virtual string? TraceState => null;

    /// <summary>Gets the incoming baggage.</summary>
    public virtual Baggage Baggage => default;

    /// <summary>Gets whether the incoming parent is sampled.</summary>
    public bool IsSampled => (this.TraceParent[54] & 1) == 1;

    /// <summary>Keeps the incoming context of the current request for downstream calls.</summary>
    /// <param name="headers">The request headers.</param>
    /// <param name="traceParent">The request's valid <c>traceparent</c>.</param>
    public static void Capture(RequestTraceHeaders headers, string traceParent)
    {
        var entryActivity = Activity.Current;
        traceParent = TraceParentHeader.AsVersion0(traceParent);
        if (headers.Get(CriPropagation.TraceStateHeader).Count == 0 && headers.Get(CriPropagation.BaggageHeader).Count == 0)
        {
            Slot.Value = new IncomingTraceContext(entryActivity, traceParent);
            return;
        }

        var extracted = CriPropagation.Extract(headers, traceParent);
        var traceState = extracted.ActivityContext.TraceState;
        Slot.Value = new WithState(entryActivity, traceParent, string.IsNullOrEmpty(traceState) ? null : traceState, extracted.Baggage);
    }

    /// <summary>Parses the kept context as a remote parent.</summary>
    public ActivityContext ToActivityContext() => TraceParentHeader.ToRemoteContext(this.TraceParent, this.TraceState);

    private sealed class WithState(Activity? entryActivity, string traceParent, string? traceState, Baggage baggage)
        : IncomingTraceContext(entryActivity, traceParent)
    {
        public override string? TraceState => traceState;

        public override Baggage Baggage => baggage;
    }
}
