using System.Diagnostics;

namespace Cri.Tracing.Hosting.Export.Internal;

/// <summary>
/// What the waterfall keeps of an ended span: only the shown attributes and the first events,
/// so buffered traces stay small.
/// </summary>
internal sealed record WaterfallSpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    ActivityKind Kind,
    DateTime Start,
    TimeSpan Duration,
    ActivityStatusCode Status,
    string? StatusDescription,
    IReadOnlyList<KeyValuePair<string, object?>> Attributes,
    IReadOnlyList<WaterfallEvent> Events,
    int EventCount)
{
    public DateTime End => this.Start + this.Duration;

    public static WaterfallSpan FromActivity(Activity activity, IReadOnlyList<string> attributeNames)
    {
        var attributes = new List<KeyValuePair<string, object?>>();
        foreach (var name in attributeNames)
        {
            if (activity.GetTagItem(name) is { } value)
            {
                attributes.Add(new(name, value));
            }
        }

        var events = new List<WaterfallEvent>();
        var eventCount = 0;
        foreach (var activityEvent in activity.Events)
        {
            if (eventCount++ < WaterfallRenderer.MaxEventsPerSpan)
            {
                events.Add(new WaterfallEvent(activityEvent.Name, [.. activityEvent.Tags]));
            }
        }

        return new WaterfallSpan(
            activity.TraceId.ToHexString(),
            activity.SpanId.ToHexString(),
            activity.ParentSpanId == default ? null : activity.ParentSpanId.ToHexString(),
            activity.DisplayName,
            activity.Kind,
            activity.StartTimeUtc,
            activity.Duration,
            activity.Status,
            activity.StatusDescription,
            attributes,
            events,
            eventCount);
    }
}
