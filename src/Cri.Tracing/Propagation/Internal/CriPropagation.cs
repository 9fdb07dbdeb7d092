using Cri.Tracing.Internal;
using Grpc.Core;
using Microsoft.Extensions.Primitives;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace Cri.Tracing.Propagation.Internal;

/// <summary>
/// W3C trace context and baggage over gRPC metadata, through OpenTelemetry's own propagators, one
/// after the other as their composite runs them (called directly: no generic virtual dispatch).
/// The one rule they do not enforce is added here: a <c>tracestate</c> longer than W3C's 512
/// characters is ignored (their extractor already enforces the 32-member limit, key and value
/// syntax and duplicate keys, and the baggage limits).
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
        var context = traceParent is null ? default : TraceContext.Extract(default, headers, GetValues);
        return BaggageOnly.Extract(context, headers, GetValues);
    }

    /// <summary>Sets <c>traceparent</c>, <c>tracestate</c> and <c>baggage</c>, replacing any the caller set.</summary>
    public static void Inject(PropagationContext context, Metadata headers)
    {
        TraceContext.Inject(context, headers, MetadataHeaders.Set);
        BaggageOnly.Inject(context, headers, MetadataHeaders.Set);
    }

    /// <summary>Sets <c>baggage</c> alone, for a call that forwards a parent without a span of its own.</summary>
    public static void InjectBaggage(Baggage baggage, Metadata headers)
        => BaggageOnly.Inject(new PropagationContext(default, baggage), headers, MetadataHeaders.Set);

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
