using System.Diagnostics;
using Cri.Tracing.Attributes.Internal;
using Cri.Tracing.Internal;

namespace Cri.Tracing.Logging.Internal;

/// <summary>
/// The events one span may still take, kept on the span itself (an Activity custom property), so
/// the log bridge and the payload recorder share it. CRI-O's internal child also carries the
/// request's <c>id</c> and <c>name</c> here, which every event on it repeats.
/// </summary>
internal sealed class SpanEventBudget
{
    /// <summary>The default limit of both option classes: OpenTelemetry's default span event count limit.</summary>
    public const int DefaultLimit = 128;

    private const string PropertyName = "Cri.Tracing.SpanEventBudget";

    private readonly int limit;
    private int used;

    public SpanEventBudget(int limit, string? requestId = null, string? requestName = null)
    {
        this.limit = limit;
        this.RequestId = requestId;
        this.RequestName = requestName;
    }

    /// <summary>Gets the CRI-O request id every event repeats, if the span is CRI-O's internal child.</summary>
    public string? RequestId { get; }

    /// <summary>Gets the CRI-O request name every event repeats, if the span is CRI-O's internal child.</summary>
    public string? RequestName { get; }

    /// <summary>Gets the budget of a span, attaching a new one with the given limit if it has none.</summary>
    public static SpanEventBudget For(Activity activity, int limitIfNew)
    {
        if (activity.GetCustomProperty(PropertyName) is SpanEventBudget budget)
        {
            return budget;
        }

        budget = new SpanEventBudget(limitIfNew);
        budget.AttachTo(activity);
        return budget;
    }

    /// <summary>Makes this the span's budget.</summary>
    public void AttachTo(Activity activity) => activity.SetCustomProperty(PropertyName, this);

    /// <summary>Takes one event from the budget; past the limit, counts the drop on the span instead.</summary>
    public bool TryTake(Activity activity)
    {
        var count = Interlocked.Increment(ref this.used);
        if (count <= this.limit)
        {
            return true;
        }

        var dropped = count - this.limit;
        activity.SetTag(AttributeNames.DroppedEvents, dropped);
        if (dropped == 1)
        {
            CriTracingEventSource.Log.SpanEventsDropped(activity.DisplayName, this.limit, dropped);
        }

        return false;
    }

    /// <summary>Starts the attributes of a <c>log</c> event: severity, message, and CRI-O's request fields.</summary>
    public ActivityTagsCollection CreateLogTags(string severity, string message)
    {
        var tags = new ActivityTagsCollection
        {
            { AttributeNames.LogSeverity, severity },
            { AttributeNames.LogMessage, message },
        };

        if (this.RequestId is not null)
        {
            tags.Add(AttributeNames.CrioRequestId, this.RequestId);
            tags.Add(AttributeNames.CrioRequestName, this.RequestName);
        }

        return tags;
    }
}
