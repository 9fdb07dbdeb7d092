using System.Diagnostics;
using Cri.Tracing.Internal;
using Grpc.Core;
using Microsoft.Extensions.Primitives;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace Cri.Tracing.Propagation.Internal;

/// <summary>
/// W3C trace context and baggage over gRPC metadata. They are read by OpenTelemetry's own
/// propagators, one after the other as their composite runs them (called directly: no generic
/// virtual dispatch), and sent from the Activity's id (<see cref="Inject"/>) and by the baggage
/// propagator. The one rule those propagators do not enforce is added here: a <c>tracestate</c>
/// longer than W3C's 512 characters is ignored (their extractor already enforces the 32-member
/// limit, key and value syntax and duplicate keys, and the baggage limits).
/// </summary>
internal static class CriPropagation
{
    public const string TraceStateHeader = "tracestate";
    public const string BaggageHeader = "baggage";
    public const int MaxTraceStateLength = 512;

    private static readonly TraceContextPropagator TraceContext = new();
    private static readonly BaggagePropagator BaggageOnly = new();

    /// <summary>Extracts the incoming parent and baggage; a malformed header yields no parent (or no baggage).</summary>
    /// <param name="headers">The request's headers.</param>
    /// <param name="traceParent">
    /// The request's valid <c>traceparent</c> (<see cref="TraceParentHeader.Read"/>), or
    /// <see langword="null"/>: then there is no parent to parse, since OpenTelemetry's extractor
    /// accepts exactly the values that reader does.
    /// </param>
    public static PropagationContext Extract(RequestTraceHeaders headers, string? traceParent)
    {
        // Without a tracestate to validate, the parent is the traceparent alone (the kubelet's
        // case); without a baggage header there is no baggage to parse.
        var context = traceParent is null
            ? default
            : headers.Get(TraceStateHeader).Count == 0
                ? new PropagationContext(TraceParentHeader.ToRemoteContext(traceParent, traceState: null), default)
                : TraceContext.Extract(default, headers, GetValues);
        return headers.Get(BaggageHeader).Count == 0 ? context : BaggageOnly.Extract(context, headers, GetValues);
    }

    /// <summary>
    /// Sends an Activity's context and the baggage on: <c>traceparent</c>, <c>tracestate</c> and
    /// <c>baggage</c>, each replacing the caller's when there is one to send, as OpenTelemetry's
    /// propagators do.
    /// </summary>
    /// <remarks>
    /// A W3C Activity's <see cref="Activity.Id"/> is its <c>traceparent</c>, character for
    /// character, and is what HttpClient sends: one string made once per Activity, where
    /// <see cref="TraceContextPropagator"/> concatenates two. A hierarchical Activity has no W3C
    /// context to send, and that propagator sends nothing for it either.
    /// </remarks>
    public static void Inject(Activity activity, Baggage baggage, Metadata headers)
    {
        if (activity.IdFormat == ActivityIdFormat.W3C)
        {
            InjectTraceContext(activity.Id!, activity.TraceStateString, headers);
        }

        InjectBaggage(baggage, headers);
    }

    /// <summary>Sets <c>traceparent</c>, and <c>tracestate</c> when there is one, replacing the caller's.</summary>
    public static void InjectTraceContext(string traceParent, string? traceState, Metadata headers)
    {
        MetadataHeaders.Set(headers, TraceParentHeader.Name, traceParent);
        if (!string.IsNullOrEmpty(traceState))
        {
            MetadataHeaders.Set(headers, TraceStateHeader, traceState);
        }
    }

    /// <summary>Sets <c>baggage</c> when there is any, replacing the caller's.</summary>
    public static void InjectBaggage(Baggage baggage, Metadata headers)
    {
        if (baggage.Count > 0)
        {
            BaggageOnly.Inject(new PropagationContext(default, baggage), headers, MetadataHeaders.Set);
        }
    }

    /// <summary>Whether a tracestate is within W3C's combined length limit.</summary>
    public static bool IsWithinLengthLimit(StringValues traceState)
    {
        // The header may be split over several fields; they join with commas.
        var length = -1;
        foreach (var value in traceState)
        {
            length += (value?.Length ?? 0) + 1;
        }

        return length <= MaxTraceStateLength;
    }

    private static IEnumerable<string> GetValues(RequestTraceHeaders headers, string name)
    {
        var values = headers.Get(name);
        if (values.Count == 0)
        {
            return [];
        }

        if (name == TraceStateHeader && !IsWithinLengthLimit(values))
        {
            CriTracingEventSource.Log.InvalidHeaderIgnored(TraceStateHeader, string.Empty);
            return [];
        }

        return values!;
    }
}
