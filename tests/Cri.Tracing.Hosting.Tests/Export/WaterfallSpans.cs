using System.Diagnostics;
using Cri.Tracing.Hosting.Export.Internal;

namespace Cri.Tracing.Hosting.Tests.Export;

/// <summary>Spans with fixed times, milliseconds after <see cref="Origin"/>.</summary>
internal static class WaterfallSpans
{
    public const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    public static readonly DateTime Origin = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    public static WaterfallSpan Span(
        string spanId,
        string? parentSpanId,
        string name,
        double startMilliseconds,
        double durationMilliseconds,
        ActivityKind kind = ActivityKind.Internal,
        ActivityStatusCode status = ActivityStatusCode.Unset,
        string? statusDescription = null,
        KeyValuePair<string, object?>[]? attributes = null,
        WaterfallEvent[]? events = null,
        string traceId = TraceId)
    {
        events ??= [];
        return new WaterfallSpan(
            traceId,
            spanId,
            parentSpanId,
            name,
            kind,
            Origin + TimeSpan.FromMilliseconds(startMilliseconds),
            TimeSpan.FromMilliseconds(durationMilliseconds),
            status,
            statusDescription,
            attributes ?? [],
            [.. events.Take(WaterfallRenderer.MaxEventsPerSpan)],
            events.Length);
    }

    public static WaterfallEvent Log(string severity, string message, params KeyValuePair<string, object?>[] more)
        => new("log", [new("log.severity", severity), new("log.message", message), .. more]);
}
